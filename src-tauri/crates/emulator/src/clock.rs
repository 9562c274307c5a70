//! Time as the emulator sees it: the system clock, or a fake one that tests move by hand.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, DurationRound, Utc};

/// A cloneable handle on "now". Runs advance lazily from their start time, so moving a fake
/// clock is all a test needs to see a run go from submitted to running to succeeded.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fake: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    /// The real wall clock.
    pub fn system() -> Self {
        Self { fake: None }
    }

    /// A clock frozen at `start` until [`Clock::advance`] or [`Clock::set`] moves it.
    pub fn fake(start: DateTime<Utc>) -> Self {
        Self {
            fake: Some(Arc::new(Mutex::new(truncate(start)))),
        }
    }

    /// The current time, to the millisecond (the precision the API shows).
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fake {
            Some(t) => *t.lock().unwrap_or_else(|e| e.into_inner()),
            None => truncate(Utc::now()),
        }
    }

    /// Moves a fake clock forward. Does nothing on the system clock.
    pub fn advance(&self, by: Duration) {
        if let Some(t) = &self.fake {
            let mut t = t.lock().unwrap_or_else(|e| e.into_inner());
            *t += by;
        }
    }

    /// Sets a fake clock. Does nothing on the system clock.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Some(t) = &self.fake {
            *t.lock().unwrap_or_else(|e| e.into_inner()) = truncate(to);
        }
    }

    pub fn is_fake(&self) -> bool {
        self.fake.is_some()
    }
}

fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::milliseconds(1)).unwrap_or(t)
}
