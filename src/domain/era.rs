//! Admission and 党龄 by the rules of the time of admission (docs/rules.md 入党时间与党龄).
//!
//! Source: 中共中央组织部《关于确定入党时间和计算党龄的规定》, which reads each period by the party
//! constitution (党章) then in force: what the 入党时间 is, whether there was a probation, and
//! from which day 党龄 counts. From 1982-09-06 (the 党章 of the 12th congress) the rules of today
//! apply: admission by the 支部大会, one year of probation, 党龄 from conversion (党章 第七条).
//! Where the member's 《入党志愿书》 states the dates, they win, so the checks for older eras
//! refuse only what no era allowed.

use chrono::NaiveDate;

use super::dates::{fmt, whole_years};
use super::lang::Lang;
use super::member::{MemberDraft, MemberStatus};

/// Whether and how a period had a probation (预备期 / 候补期).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probation {
    /// None: admission is full membership; 党龄 counts from admission.
    None,
    /// None for workers, peasants, artisans, shop workers and soldiers; three months for
    /// intellectuals and the self-employed (1927-04-27 to 1928-06-18): 党龄 from conversion,
    /// which is the admission date itself for the former.
    ByClass,
    /// A probation whose length the record states (it varied by class): 党龄 from conversion.
    Recorded,
    /// One year: 党龄 from conversion.
    OneYear,
}

vocab! {
    /// The periods of the table in docs/rules.md 入党时间与党龄, named by the day each began.
    pub enum Era {
        From1921 = ("1921", "1921年7月1日至1923年6月9日", "1 Jul 1921 to 9 Jun 1923"),
        From1923 = ("1923", "1923年6月10日至1927年4月26日", "10 Jun 1923 to 26 Apr 1927"),
        From1927 = ("1927", "1927年4月27日至1928年6月17日", "27 Apr 1927 to 17 Jun 1928"),
        From1928 = ("1928", "1928年6月18日至1945年4月22日", "18 Jun 1928 to 22 Apr 1945"),
        From1945 = ("1945", "1945年4月23日至1956年9月14日", "23 Apr 1945 to 14 Sep 1956"),
        From1956 = ("1956", "1956年9月15日至1969年3月31日", "15 Sep 1956 to 31 Mar 1969"),
        From1969 = ("1969", "1969年4月1日至1977年8月11日", "1 Apr 1969 to 11 Aug 1977"),
        From1977 = ("1977", "1977年8月12日至1982年9月5日", "12 Aug 1977 to 5 Sep 1982"),
        From1982 = ("1982", "1982年9月6日起", "from 6 Sep 1982"),
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// The founding of the party: no admission is earlier.
pub fn founding() -> NaiveDate {
    d(1921, 7, 1)
}

impl Era {
    /// The era of an admission date; `None` before the founding (1921-07-01).
    pub fn of(admission: NaiveDate) -> Option<Era> {
        Era::ALL.iter().rev().copied().find(|e| e.start() <= admission)
    }

    /// The first day of the era.
    pub fn start(self) -> NaiveDate {
        use Era::*;
        match self {
            From1921 => founding(),
            From1923 => d(1923, 6, 10),
            From1927 => d(1927, 4, 27),
            From1928 => d(1928, 6, 18),
            From1945 => d(1945, 4, 23),
            From1956 => d(1956, 9, 15),
            From1969 => d(1969, 4, 1),
            From1977 => d(1977, 8, 12),
            From1982 => d(1982, 9, 6),
        }
    }

    pub fn probation(self) -> Probation {
        use Era::*;
        match self {
            From1921 | From1928 | From1969 => Probation::None,
            From1927 => Probation::ByClass,
            From1923 | From1945 => Probation::Recorded,
            From1956 | From1977 | From1982 => Probation::OneYear,
        }
    }

    /// Whether a member admitted in this era can have been probationary.
    pub fn has_probation(self) -> bool {
        self.probation() != Probation::None
    }

    /// From 1982-09-06 today's checks apply unchanged.
    pub fn is_current(self) -> bool {
        self == Era::From1982
    }

    /// Whether admission under 18 is refused (from the 党章 of 1956) rather than only
    /// confirmed: the rule and docs/rules.md 入党时间与党龄 leave older records as they were written.
    pub fn age_minimum_is_firm(self) -> bool {
        self.start() >= d(1956, 9, 15)
    }

    /// What the 入党时间 of the era is.
    fn admission_means(self, lang: Lang) -> &'static str {
        use Era::*;
        match self {
            From1956 | From1982 => lang.pick("支部大会通过之日", "the day the branch meeting admitted"),
            From1923 | From1977 => {
                lang.pick("上级党委批准为预备党员之日", "the day the committee above approved as probationary")
            }
            _ => lang.pick("上级党委批准之日", "the day the committee above approved"),
        }
    }

    /// One line for the member form: what the admission date means in this era, whether there
    /// was a probation, and from when 党龄 counts.
    pub fn hint(self, lang: Lang) -> String {
        let means = self.admission_means(lang);
        let rest = match (self.probation(), lang) {
            (_, Lang::Zh) if self.is_current() => "预备期一年，党龄从转正之日算起".to_string(),
            (_, Lang::En) if self.is_current() => "one year of probation; standing from conversion".to_string(),
            (Probation::None, Lang::Zh) => "没有预备期，转正日期同入党日期，党龄从入党之日算起".to_string(),
            (Probation::None, Lang::En) => "no probation: conversion = admission; standing from admission".to_string(),
            (Probation::ByClass, Lang::Zh) => {
                "工农等无预备期（转正日期同入党日期），知识分子等预备期三个月；党龄从转正之日算起".to_string()
            }
            (Probation::ByClass, Lang::En) => {
                "none for workers (conversion = admission), 3 months for intellectuals; standing from conversion"
                    .to_string()
            }
            (Probation::Recorded, Lang::Zh) => "预备期长短不一，按志愿书填写；党龄从转正之日算起".to_string(),
            (Probation::Recorded, Lang::En) => {
                "probation of varying length, as recorded; standing from conversion".to_string()
            }
            (Probation::OneYear, Lang::Zh) => "预备期一年（以志愿书为准），党龄从转正之日算起".to_string(),
            (Probation::OneYear, Lang::En) => {
                "one year of probation (as recorded); standing from conversion".to_string()
            }
        };
        match lang {
            Lang::Zh => format!("{}入党：入党时间为{means}，{rest}", self.label(lang)),
            Lang::En => format!("Admitted {}: admission is {means}; {rest}", self.label(lang)),
        }
    }

    /// The last day of the era (`None` for today's).
    pub fn end(self) -> Option<NaiveDate> {
        let i = Era::ALL.iter().position(|e| *e == self)?;
        Era::ALL.get(i + 1).and_then(|next| next.start().pred_opt())
    }

    /// Short hints for the admission and conversion fields of the member form (about 25
    /// Chinese characters each, so that they fit beside the value at 80 columns); `None` for
    /// today's era, whose rules need no hint.
    pub fn form_hints(self, lang: Lang) -> Option<(String, String)> {
        let end = self.end()?;
        let span = |d: NaiveDate| d.format("%Y.%-m.%-d").to_string();
        let span = format!("{}-{}", span(self.start()), span(end));
        let (probation, conversion) = match (self.probation(), lang) {
            (Probation::None, Lang::Zh) => ("无预备期", "同入党日期；党龄自入党起算"),
            (Probation::None, Lang::En) => ("no probation", "= admission; standing from admission"),
            (Probation::ByClass, Lang::Zh) => ("工农无预备期，知识分子三个月", "以志愿书为准；党龄自转正起算"),
            (Probation::ByClass, Lang::En) => ("workers none, others 3 months", "as recorded; standing from it"),
            (Probation::Recorded, Lang::Zh) => ("预备期长短不一", "以志愿书为准；党龄自转正起算"),
            (Probation::Recorded, Lang::En) => ("probation varied", "as recorded; standing from it"),
            (Probation::OneYear, Lang::Zh) => ("预备期一年", "以志愿书为准；党龄自转正起算"),
            (Probation::OneYear, Lang::En) => ("one year of probation", "as recorded; standing from it"),
        };
        Some((format!("{span} {probation}"), conversion.to_string()))
    }
}

/// The day 党龄 counts from (党龄起算日): the admission in an era without probation, otherwise
/// the conversion; `None` for a probationary member (no 党龄 yet) or an admission before 1921.
pub fn standing_from(m: &MemberDraft) -> Option<NaiveDate> {
    match Era::of(m.admission_date)?.probation() {
        Probation::None => Some(m.admission_date),
        _ if m.status == MemberStatus::Full => m.conversion_date,
        _ => None,
    }
}

/// 党龄 in whole years on `on` (anniversaries of a 29 February fall on 1 March in other years,
/// as ages do); `None` without a 党龄.
pub fn party_age(m: &MemberDraft, on: NaiveDate) -> Option<u32> {
    let from = standing_from(m)?;
    (from <= on).then(|| whole_years(from, on).max(0) as u32)
}

/// 党龄 as the lists show it: "52" (years), empty without one.
pub fn party_age_text(m: &MemberDraft, on: NaiveDate) -> String {
    party_age(m, on).map(|y| y.to_string()).unwrap_or_default()
}

/// The standing date as text, with the reason when it is the admission (no probation).
pub fn standing_from_text(m: &MemberDraft, lang: Lang) -> String {
    match (standing_from(m), Era::of(m.admission_date).map(Era::probation)) {
        (Some(s), Some(Probation::None)) => {
            format!("{}{}", fmt(s), lang.pick("（该时期无预备期，自入党起）", " (no probation then: from admission)"))
        }
        (Some(s), _) => fmt(s),
        (None, _) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{d as day, draft};

    #[test]
    fn every_boundary_of_the_table() {
        assert_eq!(Era::of(day(1921, 6, 30)), None);
        let edges = [
            (day(1921, 7, 1), Era::From1921),
            (day(1923, 6, 9), Era::From1921),
            (day(1923, 6, 10), Era::From1923),
            (day(1927, 4, 26), Era::From1923),
            (day(1927, 4, 27), Era::From1927),
            (day(1928, 6, 17), Era::From1927),
            (day(1928, 6, 18), Era::From1928),
            (day(1945, 4, 22), Era::From1928),
            (day(1945, 4, 23), Era::From1945),
            (day(1956, 9, 14), Era::From1945),
            (day(1956, 9, 15), Era::From1956),
            (day(1969, 3, 31), Era::From1956),
            (day(1969, 4, 1), Era::From1969),
            (day(1977, 8, 11), Era::From1969),
            (day(1977, 8, 12), Era::From1977),
            (day(1982, 9, 5), Era::From1977),
            (day(1982, 9, 6), Era::From1982),
            (day(2026, 11, 28), Era::From1982),
        ];
        for (date, era) in edges {
            assert_eq!(Era::of(date), Some(era), "{date}");
        }
    }

    #[test]
    fn probation_by_era() {
        use Probation as P;
        let want = [
            (Era::From1921, P::None),
            (Era::From1923, P::Recorded),
            (Era::From1927, P::ByClass),
            (Era::From1928, P::None),
            (Era::From1945, P::Recorded),
            (Era::From1956, P::OneYear),
            (Era::From1969, P::None),
            (Era::From1977, P::OneYear),
            (Era::From1982, P::OneYear),
        ];
        for (era, p) in want {
            assert_eq!(era.probation(), p, "{era:?}");
        }
        assert!(!Era::From1945.age_minimum_is_firm());
        assert!(Era::From1956.age_minimum_is_firm());
    }

    fn admitted(adm: NaiveDate, conv: Option<NaiveDate>) -> MemberDraft {
        MemberDraft {
            birth_date: day(1900, 1, 1),
            admission_date: adm,
            conversion_date: conv,
            status: if conv.is_some() { MemberStatus::Full } else { MemberStatus::Probationary },
            ..draft()
        }
    }

    #[test]
    fn standing_counts_from_admission_only_without_probation() {
        // 1969-04-01..1977-08-11: from admission, whatever conversion date was written.
        let m = admitted(day(1975, 3, 1), Some(day(1975, 3, 1)));
        assert_eq!(standing_from(&m), Some(day(1975, 3, 1)));
        let m = admitted(day(1977, 8, 11), Some(day(1978, 8, 11)));
        assert_eq!(standing_from(&m), Some(day(1977, 8, 11)));
        // The next day the one-year probation is back: from conversion.
        let m = admitted(day(1977, 8, 12), Some(day(1978, 8, 12)));
        assert_eq!(standing_from(&m), Some(day(1978, 8, 12)));
        let m = admitted(day(1969, 3, 31), Some(day(1970, 3, 31)));
        assert_eq!(standing_from(&m), Some(day(1970, 3, 31)));
        // 1927-28: conversion, which is the admission for a worker.
        let m = admitted(day(1928, 1, 5), Some(day(1928, 1, 5)));
        assert_eq!(standing_from(&m), Some(day(1928, 1, 5)));
        // A probationary member of today has no 党龄 yet.
        let m = admitted(day(2026, 1, 5), None);
        assert_eq!(standing_from(&m), None);
        assert_eq!(party_age(&m, day(2026, 11, 28)), None);
        // Before the founding: none.
        assert_eq!(standing_from(&admitted(day(1921, 6, 30), Some(day(1921, 6, 30)))), None);
    }

    #[test]
    fn party_age_in_whole_years() {
        let m = admitted(day(1976, 7, 1), Some(day(1976, 7, 1)));
        assert_eq!(party_age(&m, day(2026, 6, 30)), Some(49));
        assert_eq!(party_age(&m, day(2026, 7, 1)), Some(50));
        assert_eq!(party_age(&m, day(1976, 6, 30)), None);
        assert_eq!(party_age(&m, day(1976, 7, 1)), Some(0));
        // Across the leap day: standing from 1976-02-29 (no probation in 1976).
        let m = admitted(day(1976, 2, 29), Some(day(1976, 2, 29)));
        assert_eq!(party_age(&m, day(2026, 2, 28)), Some(49));
        assert_eq!(party_age(&m, day(2026, 3, 1)), Some(50));
        assert_eq!(party_age(&m, day(2028, 2, 29)), Some(52));
        assert_eq!(party_age_text(&m, day(2026, 3, 1)), "50");
    }

    #[test]
    fn form_hints_are_short_and_only_for_older_eras() {
        use unicode_width::UnicodeWidthStr;
        assert_eq!(Era::From1982.form_hints(Lang::Zh), None);
        assert_eq!(Era::From1977.end(), Some(day(1982, 9, 5)));
        let (adm, conv) = Era::From1969.form_hints(Lang::Zh).unwrap();
        assert_eq!(adm, "1969.4.1-1977.8.11 无预备期");
        assert_eq!(conv, "同入党日期；党龄自入党起算");
        for e in Era::ALL {
            for lang in [Lang::Zh, Lang::En] {
                if let Some((a, c)) = e.form_hints(lang) {
                    assert!(a.width() <= 50 && c.width() <= 50, "{a} / {c}");
                }
            }
        }
    }

    #[test]
    fn hints_name_the_era_and_its_rule() {
        let h = Era::From1969.hint(Lang::Zh);
        assert!(h.starts_with("1969年4月1日至1977年8月11日入党"), "{h}");
        assert!(h.contains("没有预备期"), "{h}");
        assert!(Era::From1982.hint(Lang::En).contains("from conversion"));
        for e in Era::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let h = e.hint(lang);
                assert!(!h.contains(['…', '·', '—', '§', '“', '”']), "{h}");
            }
        }
        let m = admitted(day(1975, 3, 1), Some(day(1975, 3, 1)));
        assert!(standing_from_text(&m, Lang::Zh).starts_with("1975-03-01（"));
    }
}
