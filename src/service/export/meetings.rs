//! 会议记录: one block per meeting of the year, as the paper record has it.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Sheet, V, clean, failed, t};
use crate::domain::lang::Lang;
use crate::service::Service;

pub(super) const NAME: &str = "会议记录";

/// One block per meeting, as the paper 会议记录 has it: a title line, then label and value.
pub(super) fn write(s: &Service, wb: &mut Workbook, year: i32) -> Result<(), XlsxError> {
    let names = s.member_names().map_err(failed)?;
    let name = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
    let items = s.meetings_in_year(year).map_err(failed)?;
    let mut sh = Sheet::new(wb, NAME, false)?;
    sh.header(0, &["项目", "内容"])?;
    let title = sh.text.clone().set_bold();
    let mut r = 1;
    for item in &items {
        let m = s.meeting(item.summary.id).map_err(failed)?;
        let d = &m.draft;
        let kinds: Vec<&str> = d.kinds.iter().map(|k| k.label(Lang::Zh)).collect();
        let head = format!("{} {}（{}）", d.date, kinds.join("、"), d.status.label(Lang::Zh));
        sh.fit(1, &head);
        sh.ws.write_string_with_format(r, 0, "会议", &title)?;
        sh.ws.write_string_with_format(r, 1, clean(&head), &title)?;
        r += 1;
        let who = |s: crate::domain::meeting::Attendance| -> String {
            d.attendance
                .iter()
                .filter(|a| a.status == s)
                .map(|a| {
                    let n = names.get(&a.member_id).cloned().unwrap_or_default();
                    if a.reason.trim().is_empty() { n } else { format!("{n}（{}）", a.reason.trim()) }
                })
                .collect::<Vec<_>>()
                .join("、")
        };
        use crate::domain::meeting::Attendance as A;
        use crate::domain::meeting::guests_shown;
        // As the meeting's details count them, adding up to 应到; none for a meeting not held.
        let mut counts = String::new();
        if d.status == crate::domain::meeting::MeetingStatus::Held {
            counts = format!(
                "应到 {} 人，实到 {} 人，请假 {} 人，缺席 {} 人，外出 {} 人",
                d.expected(),
                d.in_room(),
                d.count(A::Excused),
                d.count(A::Absent),
                d.count(A::AwayMobile)
            );
            for (a, word) in [(A::MadeUp, "补学"), (A::HomeDelivered, "送学上门")] {
                if d.count(a) > 0 {
                    counts.push_str(&format!("，{word} {} 人", d.count(a)));
                }
            }
        }
        // Incoming mobile members (流入党员) by name with their home branch, apart from other guests.
        let (incoming, plain): (Vec<_>, Vec<_>) = d.guests.iter().cloned().partition(|g| g.is_incoming());
        let mut rows: Vec<(&str, V)> = vec![
            ("日期", V::D(d.date)),
            ("地点", t(&d.location)),
            ("主题", t(&d.topic)),
            ("主持人", t(name(d.host_id))),
            ("记录人", t(name(d.recorder_id))),
            ("人数", t(counts)),
            ("请假人员及原因", t(who(A::Excused))),
            ("缺席人员", t(who(A::Absent))),
            // Their reason is where they are (流入地).
            ("外出人员", t(who(A::AwayMobile))),
            ("列席人员", t(guests_shown(&plain, Lang::Zh))),
            ("流入党员", t(guests_shown(&incoming, Lang::Zh))),
            ("会议内容", t(&d.minutes)),
        ];
        if let Some(res) = &d.resolution {
            rows.push((
                "决议",
                t(format!(
                    "{}（应到有表决权 {} 人，实到 {} 人；赞成 {}，反对 {}，弃权 {}；{}）",
                    res.text,
                    res.entitled,
                    res.present,
                    res.yes,
                    res.no,
                    res.abstain,
                    if res.passed() { "通过" } else { "未通过" }
                )),
            ));
        }
        for (label, v) in rows {
            sh.row(r, vec![t(label), v])?;
            r += 1;
        }
        r += 1;
    }
    if items.is_empty() {
        sh.row(1, vec![t("本年度没有会议记录"), t("")])?;
    }
    sh.finish(80)
}
