//! Maps and sets keyed by the file's own row ids (members, meetings, years).
//!
//! The standard hasher (SipHash) guards against keys chosen to collide; these keys come from
//! the file itself, and the findings of a large branch hash hundreds of thousands of them per
//! call, where SipHash alone took about 7% of `Service::overdue`. This is the multiply-rotate
//! hash of the Rust compiler's own tables (FxHash).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A map from row ids (or tuples of ids and years) to values.
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
/// A set of row ids (or tuples of ids and years).
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

#[derive(Clone, Copy, Debug, Default)]
pub struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(n.into());
    }
    fn write_u16(&mut self, n: u16) {
        self.add(n.into());
    }
    fn write_u32(&mut self, n: u32) {
        self.add(n.into());
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn write_i32(&mut self, n: i32) {
        self.add(n as u32 as u64);
    }
    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // The product's high bits are its best mixed; the table indexes by the low ones.
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_ids_and_id_year_pairs_spread_over_the_table() {
        let mut m: IdMap<(i64, i32), i64> = IdMap::default();
        for id in 1..=10_000 {
            for year in 2020..=2026 {
                m.insert((id, year), id * 10_000 + i64::from(year));
            }
        }
        assert_eq!(m.len(), 70_000);
        assert_eq!(m.get(&(4711, 2024)), Some(&(4711 * 10_000 + 2024)));
        let hashes: IdSet<u64> = (1..=10_000i64)
            .map(|id| {
                let mut h = IdHasher::default();
                h.write_i64(id);
                h.finish() & 0x3fff
            })
            .collect();
        // 10,000 ids into 16,384 buckets: a fair spread leaves few in the same bucket.
        assert!(hashes.len() > 7_000, "{} distinct buckets", hashes.len());
    }
}
