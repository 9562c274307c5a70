//! Client-side pacing: keeps one token under the Platform's documented 20 requests per second.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// The Platform's documented limit per access token.
pub const PLATFORM_REQUESTS_PER_SECOND: f64 = 20.0;

/// The pace a client keeps by default: a little under the Platform's limit. Requests that leave
/// exactly 50 ms apart can arrive closer together on a loaded machine or network, and the server
/// counts arrivals per second; 5% of margin keeps a second's arrivals under 20 (measured against
/// the emulator's limiter under load, where exact spacing let 21 through about once in 20 runs).
pub const DEFAULT_REQUESTS_PER_SECOND: f64 = PLATFORM_REQUESTS_PER_SECOND * 0.95;

/// A fixed-interval limiter: requests start at least `1 / rate` seconds apart, in the order
/// they asked. It allows no burst, so no window of one second ever holds more than `rate`
/// starts (a token bucket with a burst could exceed the server's limit at the edges).
///
/// Cloning shares the schedule: every clone of a [`crate::PlatformClient`] paces together.
/// It runs on tokio's clock, so tests can drive it with `tokio::time::pause()`.
#[derive(Clone)]
pub struct RateLimiter {
    interval: Option<Duration>,
    next_slot: Arc<Mutex<Option<Instant>>>,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("requests_per_second", &self.requests_per_second())
            .finish()
    }
}

impl RateLimiter {
    /// A limiter allowing `per_second` request starts per second. A value that is not a
    /// positive finite number (0, negative, NaN, infinity) means "no limit".
    pub fn new(per_second: f64) -> Self {
        let interval = (per_second.is_finite() && per_second > 0.0)
            .then(|| Duration::from_secs_f64(1.0 / per_second));
        RateLimiter {
            interval,
            next_slot: Arc::new(Mutex::new(None)),
        }
    }

    /// A limiter that never waits.
    pub fn unlimited() -> Self {
        Self::new(f64::INFINITY)
    }

    /// The configured rate, or `None` when unlimited.
    pub fn requests_per_second(&self) -> Option<f64> {
        self.interval.map(|i| 1.0 / i.as_secs_f64())
    }

    /// Waits for this caller's slot. Slots are reserved in call order; a caller that is
    /// dropped while waiting leaves its slot unused (the pace never gets faster).
    pub async fn acquire(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let slot = {
            let mut next = self.next_slot.lock().await;
            let now = Instant::now();
            let slot = match *next {
                Some(at) if at > now => at,
                _ => now,
            };
            *next = Some(slot + interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new(DEFAULT_REQUESTS_PER_SECOND)
    }
}
