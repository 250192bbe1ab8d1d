//! Finding members as a secretary types: by name, by pinyin initials (`zs` finds 张三, also
//! through a surname's other reading such as 曾 = zeng/ceng), by full pinyin, or by number.

use super::pinyin::{self, letter_bit};

/// What a name and number can be found by, computed once when rows are loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchKey {
    /// The name and number, lowercased.
    text: String,
    /// Per character of the name: a bit per letter a-z its readings may start with.
    initials: Vec<u32>,
    /// The name in plain pinyin without spaces (first reading), lowercased; also a sort key.
    pub pinyin: String,
}

impl SearchKey {
    pub fn new(name: &str, number: &str) -> SearchKey {
        let mut initials = Vec::new();
        let mut full = String::new();
        for c in name.chars() {
            match pinyin::plain(c) {
                Some(p) => {
                    initials.push(pinyin::initials(c));
                    full.push_str(p);
                }
                None => {
                    // Latin letters in a name are their own initial; other characters have none.
                    initials.push(if c.is_ascii_alphabetic() { letter_bit(c.to_ascii_lowercase() as u8) } else { 0 });
                    full.extend(c.to_lowercase());
                }
            }
        }
        SearchKey { text: format!("{} {}", name.to_lowercase(), number.to_lowercase()), initials, pinyin: full }
    }

    /// Whether `needle` (already trimmed) finds this key. An empty needle finds everything.
    pub fn matches(&self, needle: &str) -> bool {
        if needle.is_empty() {
            return true;
        }
        let needle = needle.to_lowercase();
        if self.text.contains(&needle) || self.pinyin.contains(&needle) {
            return true;
        }
        let letters: Vec<u32> = needle.bytes().map(letter_bit).collect();
        if letters.contains(&0) || letters.len() > self.initials.len() {
            return false;
        }
        self.initials.windows(letters.len()).any(|w| w.iter().zip(&letters).all(|(have, want)| have & want != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_initials_pinyin_name_and_number() {
        let k = SearchKey::new("张三", "0007");
        for q in ["zs", "ZS", "z", "s", "张", "张三", "zhangsan", "zhang", "0007", "07"] {
            assert!(k.matches(q), "{q}");
        }
        for q in ["zx", "ls", "李", "0008", "zsx"] {
            assert!(!k.matches(q), "{q}");
        }
    }

    #[test]
    fn finds_other_readings_of_a_character() {
        let k = SearchKey::new("曾小明", "0001");
        assert!(k.matches("zxm"));
        assert!(k.matches("cxm"));
    }

    #[test]
    fn minority_names_with_a_middle_dot() {
        let k = SearchKey::new("买买提·艾力", "0012");
        assert!(k.matches("mmt"));
        assert!(k.matches("al"));
        assert!(k.matches("买买提"));
    }
}
