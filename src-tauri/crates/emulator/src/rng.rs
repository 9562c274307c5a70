//! A small, serializable, seeded random source (SplitMix64). The emulator's data must be the
//! same for the same seed on every machine and across restarts, so it does not use a generator
//! whose algorithm may change between crate versions.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SeededRng {
    state: u64,
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        Self {
            state: seed ^ 0x5DEE_CE66_D1CE_4E5B,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi` (`hi` exclusive). Returns `lo` when the range is empty.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64;
        lo + (self.next_u64() % span) as i64
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// A float in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A numeric id shaped like the Platform's (about 2^44 to 2^48).
    pub fn numeric_id(&mut self) -> i64 {
        self.range(10_000_000_000_000, 281_000_000_000_000)
    }

    /// A base62 string id (22 characters for compute envs, credentials and launches; 14 for runs).
    pub fn string_id(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| BASE62[self.below(BASE62.len())] as char)
            .collect()
    }
}

/// Mixes a value into a stable 64-bit hash, for values derived from an id at render time.
pub fn mix(v: u64) -> u64 {
    let mut r = SeededRng::new(v);
    r.next_u64()
}
