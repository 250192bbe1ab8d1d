//! The pinyin of Chinese characters, as far as finding and sorting names needs it: the first
//! reading of a character in plain pinyin (no tone marks), and the letters all its readings
//! start with (曾 = zeng/ceng starts with z and c).
//!
//! The tables under `pinyin/` hold the data of the `pinyin` crate 0.10 (the pinyin-data
//! collection, 41 497 characters) in about a tenth of the space the crate takes in the program.
//! `cargo test --lib service::pinyin -- --ignored` writes them again from the crate (a
//! dev-dependency); a test compares them with it for every character.

/// The plain syllables, one per 7 bytes (padded with spaces, ending with a line break); the
/// tables name a syllable by its line number from 1 (0: no reading).
const SYLLABLES: &[u8] = include_bytes!("pinyin/syllables.txt");
const SYLLABLE_WIDTH: usize = 7;

/// The first reading of each character from `DENSE_FIRST` on, 9 bits each, packed from the
/// lowest bit of each byte up.
const DENSE: &[u8] = include_bytes!("pinyin/dense.bin");
/// CJK Unified Ideographs Extension A and the Unified Ideographs block.
const DENSE_FIRST: u32 = 0x3400;
const DENSE_END: u32 = 0xA000;

/// The first reading of the other characters: `code << 9 | syllable`, sorted.
static SPARSE: [u32; include_bytes!("pinyin/sparse.bin").len() / 4] = words(include_bytes!("pinyin/sparse.bin"));
/// Initials of other readings where they differ from the first: `code << 5 | letter` (a = 0),
/// sorted.
static EXTRA: [u32; include_bytes!("pinyin/extra.bin").len() / 4] = words(include_bytes!("pinyin/extra.bin"));

const fn words<const N: usize>(bytes: &[u8]) -> [u32; N] {
    let mut out = [0u32; N];
    let mut i = 0;
    while i < N {
        out[i] = u32::from_le_bytes([bytes[4 * i], bytes[4 * i + 1], bytes[4 * i + 2], bytes[4 * i + 3]]);
        i += 1;
    }
    out
}

/// The line number of `c`'s first reading in `SYLLABLES`; 0 when it has none.
fn syllable(c: char) -> usize {
    let code = u32::from(c);
    if (DENSE_FIRST..DENSE_END).contains(&code) {
        let bit = (code - DENSE_FIRST) as usize * 9;
        let lo = DENSE[bit / 8] as usize;
        let hi = DENSE.get(bit / 8 + 1).copied().unwrap_or(0) as usize;
        return ((lo | hi << 8) >> (bit % 8)) & 0x1ff;
    }
    match SPARSE.binary_search_by(|e| (e >> 9).cmp(&code)) {
        Ok(i) => (SPARSE[i] & 0x1ff) as usize,
        Err(_) => 0,
    }
}

/// The first reading of `c` in plain pinyin, lowercase without tone marks (`ü` stays `ü`).
pub fn plain(c: char) -> Option<&'static str> {
    let n = syllable(c);
    if n == 0 {
        return None;
    }
    let line = &SYLLABLES[(n - 1) * SYLLABLE_WIDTH..n * SYLLABLE_WIDTH];
    std::str::from_utf8(line).ok().map(str::trim_end)
}

/// The letters `c`'s readings start with, a bit each (a = bit 0); 0 when it has no reading.
pub fn initials(c: char) -> u32 {
    let Some(first) = plain(c) else { return 0 };
    let mut bits = letter_bit(first.as_bytes()[0]);
    let code = u32::from(c);
    let from = EXTRA.partition_point(|e| e >> 5 < code);
    for e in EXTRA[from..].iter().take_while(|e| *e >> 5 == code) {
        bits |= 1 << (e & 0x1f);
    }
    bits
}

/// The bit of a lowercase ASCII letter; 0 for anything else.
pub fn letter_bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() { 1 << (b - b'a') } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinyin::{ToPinyin, ToPinyinMulti};

    fn crate_plain(c: char) -> Option<&'static str> {
        c.to_pinyin().map(|p| p.plain())
    }

    fn crate_initials(c: char) -> u32 {
        c.to_pinyin_multi().map_or(0, |m| m.into_iter().fold(0, |bits, p| bits | letter_bit(p.plain().as_bytes()[0])))
    }

    #[test]
    fn every_character_as_the_pinyin_crate_reads_it() {
        let mut read = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(plain(c), crate_plain(c), "{c} U+{:04X}", u32::from(c));
            assert_eq!(initials(c), crate_initials(c), "{c} U+{:04X}", u32::from(c));
            read += usize::from(plain(c).is_some());
        }
        assert_eq!(read, 41_497);
    }

    #[test]
    fn common_names_and_other_readings() {
        assert_eq!(plain('张'), Some("zhang"));
        assert_eq!(plain('吕'), Some("lü"));
        assert_eq!(plain('〇'), Some("ling"));
        assert_eq!(plain('a'), None);
        assert_eq!(initials('曾'), letter_bit(b'z') | letter_bit(b'c'));
        assert_eq!(initials('三'), letter_bit(b's'));
        assert_eq!(initials('·'), 0);
    }

    /// Writes the tables under `src/service/pinyin/` from the `pinyin` crate.
    #[test]
    #[ignore = "writes the tables; run when the pinyin crate changes"]
    fn write_tables() {
        let chars: Vec<char> =
            (0..=0x10ffff).filter_map(char::from_u32).filter(|c| crate_plain(*c).is_some()).collect();
        let mut syllables: Vec<&str> = chars.iter().filter_map(|c| crate_plain(*c)).collect();
        syllables.sort_unstable();
        syllables.dedup();
        assert!(syllables.len() < 0x1ff);
        let number = |c: char| syllables.binary_search(&crate_plain(c).unwrap()).unwrap() as u32 + 1;

        let mut text = Vec::new();
        for s in &syllables {
            assert!(s.len() < SYLLABLE_WIDTH);
            // Padded by bytes, not characters: ü takes two.
            text.extend_from_slice(s.as_bytes());
            text.resize(text.len() + SYLLABLE_WIDTH - 1 - s.len(), b' ');
            text.push(b'\n');
        }
        let mut dense = vec![0u8; ((DENSE_END - DENSE_FIRST) as usize * 9).div_ceil(8)];
        let (mut sparse, mut extra) = (Vec::new(), Vec::new());
        for &c in &chars {
            let code = u32::from(c);
            let n = number(c);
            if (DENSE_FIRST..DENSE_END).contains(&code) {
                let bit = (code - DENSE_FIRST) as usize * 9;
                let v = (n as usize) << (bit % 8);
                dense[bit / 8] |= v as u8;
                dense[bit / 8 + 1] |= (v >> 8) as u8;
            } else {
                sparse.push(code << 9 | n);
            }
            let first = letter_bit(crate_plain(c).unwrap().as_bytes()[0]);
            let others = crate_initials(c) & !first;
            for letter in 0..26 {
                if others & 1 << letter != 0 {
                    extra.push(code << 5 | letter);
                }
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/service/pinyin");
        std::fs::create_dir_all(&dir).unwrap();
        let bytes = |v: &[u32]| v.iter().flat_map(|w| w.to_le_bytes()).collect::<Vec<u8>>();
        std::fs::write(dir.join("syllables.txt"), text).unwrap();
        std::fs::write(dir.join("dense.bin"), dense).unwrap();
        std::fs::write(dir.join("sparse.bin"), bytes(&sparse)).unwrap();
        std::fs::write(dir.join("extra.bin"), bytes(&extra)).unwrap();
    }
}
