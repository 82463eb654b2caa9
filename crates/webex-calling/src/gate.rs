//! The client-wide pause that a 429 imposes.
//!
//! Webex rate limits per token, so once one request is told to back off, every
//! other request of the same client would only collect more 429s. The gate
//! holds a deadline that all requests wait out before they take a concurrency
//! slot; it is an atomic, so the open-gate fast path costs one load.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug)]
pub(crate) struct Gate {
    /// Reference point for `closed_until_nanos`; tokio's clock, so tests with
    /// a paused clock see the gate move with it.
    origin: Instant,
    /// Nanoseconds after `origin` before which no request may start.
    closed_until_nanos: AtomicU64,
}

impl Gate {
    pub(crate) fn new() -> Self {
        Self {
            origin: Instant::now(),
            closed_until_nanos: AtomicU64::new(0),
        }
    }

    /// Closes the gate for `wait` from now, unless it already stays closed longer.
    pub(crate) fn close_for(&self, wait: Duration) {
        // Saturating, not `Instant + Duration`: a Retry-After of centuries
        // (allowed by `max_retry_after(Duration::MAX)`) must not panic.
        let until = self.origin.elapsed().saturating_add(wait);
        // At least 1, since 0 means open.
        let nanos = u64::try_from(until.as_nanos()).unwrap_or(u64::MAX).max(1);
        self.closed_until_nanos.fetch_max(nanos, Ordering::AcqRel);
    }

    /// Whether a request may start now.
    pub(crate) fn is_open(&self) -> bool {
        self.remaining().is_none()
    }

    /// Waits until the gate is open; returns whether it had to wait.
    pub(crate) async fn wait_open(&self) -> bool {
        let mut waited = false;
        // A loop, because another 429 may push the deadline out while we sleep.
        while let Some(left) = self.remaining() {
            waited = true;
            // `sleep` clamps a wait too long for the clock; an Instant sum would panic.
            tokio::time::sleep(left).await;
        }
        waited
    }

    /// How long the gate stays closed, while it is closed.
    fn remaining(&self) -> Option<Duration> {
        let nanos = self.closed_until_nanos.load(Ordering::Acquire);
        // Zero means "never closed, or reopened": no clock read on the hot path.
        if nanos == 0 {
            return None;
        }
        let left = Duration::from_nanos(nanos).saturating_sub(self.origin.elapsed());
        if !left.is_zero() {
            return Some(left);
        }
        // Past: reopen for the fast path, unless a newer 429 moved the deadline.
        let _ =
            self.closed_until_nanos
                .compare_exchange(nanos, 0, Ordering::AcqRel, Ordering::Acquire);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn waits_until_the_latest_deadline() {
        let gate = Gate::new();
        assert!(!gate.wait_open().await);
        gate.close_for(Duration::from_secs(2));
        gate.close_for(Duration::from_secs(1));
        let start = Instant::now();
        assert!(gate.wait_open().await);
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn an_endless_wait_closes_the_gate_without_overflow() {
        let gate = Gate::new();
        tokio::time::sleep(Duration::from_secs(5)).await;
        gate.close_for(Duration::MAX);
        assert!(!gate.is_open());
        gate.close_for(Duration::from_secs(1));
        assert!(!gate.is_open(), "a shorter wait must not reopen it");
        tokio::time::sleep(Duration::from_secs(86_400 * 365)).await;
        assert!(!gate.is_open());
    }
}
