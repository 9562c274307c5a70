//! Fault injection: a seeded share of authenticated requests fails in one of several ways, so a
//! client's retry, backoff and de-duplication logic can be tested for real.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Mutex;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::error::EmulatorError;

/// One way a request can fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// 500 with `{"message": ...}`.
    InternalError,
    /// 502 with `{"message": ...}`.
    BadGateway,
    /// 503 with `{"message": ...}`.
    Unavailable,
    /// 429 with `Retry-After: 1`.
    TooManyRequests,
    /// Hold the request for [`Faults::timeout_ms`], then answer 504.
    Timeout,
    /// Close the connection without any answer.
    Drop,
    /// Apply a create/update/delete, then answer 500 (writes only).
    ApplyThenError,
    /// Apply a create/update/delete, then close the connection (writes only).
    ApplyThenDrop,
}

impl FaultKind {
    pub const ALL: [FaultKind; 8] = [
        FaultKind::InternalError,
        FaultKind::BadGateway,
        FaultKind::Unavailable,
        FaultKind::TooManyRequests,
        FaultKind::Timeout,
        FaultKind::Drop,
        FaultKind::ApplyThenError,
        FaultKind::ApplyThenDrop,
    ];

    pub fn after_apply(self) -> bool {
        matches!(self, FaultKind::ApplyThenError | FaultKind::ApplyThenDrop)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::InternalError => "500",
            FaultKind::BadGateway => "502",
            FaultKind::Unavailable => "503",
            FaultKind::TooManyRequests => "429",
            FaultKind::Timeout => "timeout",
            FaultKind::Drop => "drop",
            FaultKind::ApplyThenError => "apply-500",
            FaultKind::ApplyThenDrop => "apply-drop",
        }
    }
}

impl FromStr for FaultKind {
    type Err = EmulatorError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FaultKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| EmulatorError::UnknownFaultKind(s.to_string()))
    }
}

/// Fault settings.
#[derive(Clone, Debug)]
pub struct Faults {
    /// Share of authenticated requests (0.0 to 1.0) that fail.
    pub fail_rate: f64,
    /// Delay added to every request.
    pub latency_ms: u64,
    /// Answer 429 when one token makes more than this many requests in a second.
    pub rate_limit: Option<u32>,
    /// Seed of the generator that picks which requests fail and how.
    pub seed: u64,
    /// How long a `Timeout` fault holds the request (longer than a client's timeout).
    pub timeout_ms: u64,
    /// The kinds to choose from; empty = all of them.
    pub kinds: Vec<FaultKind>,
    /// Paths (without the query) that every `GET` is refused on with 403 "Forbidden", as the
    /// Platform answers a user whose role may not read them: a listing that never completes.
    pub refused_paths: Vec<String>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            fail_rate: 0.0,
            latency_ms: 0,
            rate_limit: None,
            seed: 42,
            timeout_ms: 35_000,
            kinds: Vec::new(),
            refused_paths: Vec::new(),
        }
    }
}

pub struct FaultInjector {
    pub settings: Faults,
    rng: Mutex<StdRng>,
    windows: Mutex<HashMap<u64, (i64, u32)>>,
}

impl FaultInjector {
    /// Whether a `GET` of `path` is refused ([`Faults::refused_paths`]).
    pub fn refuses(&self, path: &str) -> bool {
        self.settings.refused_paths.iter().any(|p| p == path)
    }

    pub fn new(settings: Faults) -> Self {
        let rng = Mutex::new(StdRng::seed_from_u64(settings.seed));
        Self {
            settings,
            rng,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Whether this request fails, and how. Reads never get an after-apply kind.
    pub fn pick(&self, is_write: bool) -> Option<FaultKind> {
        if self.settings.fail_rate <= 0.0 {
            return None;
        }
        let all: &[FaultKind] = if self.settings.kinds.is_empty() {
            &FaultKind::ALL
        } else {
            &self.settings.kinds
        };
        let candidates: Vec<FaultKind> = all
            .iter()
            .copied()
            .filter(|k| is_write || !k.after_apply())
            .collect();
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        if candidates.is_empty() || rng.random::<f64>() >= self.settings.fail_rate {
            return None;
        }
        Some(candidates[rng.random_range(0..candidates.len())])
    }

    /// Counts a request against its token's one-second window; `false` = over the limit.
    pub fn admit(&self, token: &str, now_ms: i64) -> bool {
        let Some(limit) = self.settings.rate_limit else {
            return true;
        };
        // Keyed by a hash so the token itself is not kept around.
        let key = token.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
        let second = now_ms.div_euclid(1000);
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let entry = w.entry(key).or_insert((second, 0));
        if entry.0 != second {
            *entry = (second, 0);
        }
        entry.1 += 1;
        entry.1 <= limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The limit counts a token's requests per one-second window of the time it is given, so the
    /// window is tested here on explicit times (over HTTP the server gives it the wall clock).
    #[test]
    fn the_rate_limit_allows_its_count_per_second_per_token() {
        let f = FaultInjector::new(Faults {
            rate_limit: Some(5),
            ..Faults::default()
        });
        let in_one_second: Vec<bool> = (0..12).map(|i| f.admit("tok", 10_000 + i * 80)).collect();
        assert_eq!(in_one_second, [[true; 5].as_slice(), &[false; 7]].concat());
        assert!(!f.admit("tok", 10_999), "still the same second");
        assert!(
            f.admit("other", 10_999),
            "another token has its own allowance"
        );
        assert!(f.admit("tok", 11_000), "a new second, a new allowance");
        assert!(
            FaultInjector::new(Faults::default()).admit("tok", 0),
            "no limit set"
        );
    }
}
