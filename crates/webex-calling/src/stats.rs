//! Live counters of what a client has done, for progress displays.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of a client's counters, from [`Webex::stats`](crate::Webex::stats).
///
/// The counters are shared by all clones of a [`Webex`](crate::Webex) and only
/// ever grow.
///
/// ```
/// let webex = webex_calling::Webex::builder().token("t").build()?;
/// let stats = webex.stats();
/// assert_eq!(stats.requests, 0);
/// assert_eq!(stats.in_flight_calls(), 0);
/// # Ok::<(), webex_calling::Error>(())
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// HTTP requests sent (each retry counts).
    pub requests: u64,
    /// Calls that returned `Ok`.
    pub succeeded: u64,
    /// Calls that returned an error (after any retries).
    pub failed: u64,
    /// Requests sent again after a retryable failure (401 refreshes included).
    pub retries: u64,
    /// 429 responses received.
    pub throttled: u64,
    /// Requests that had to wait for the client-wide 429 pause to end.
    pub gate_waits: u64,
    /// Calls started (operations such as `get` or `update`).
    pub calls: u64,
    /// Requests allowed in flight right now: the fixed concurrency, or where
    /// the adaptive limit stands.
    pub concurrency_limit: usize,
}

impl Stats {
    /// Calls started that have not finished yet.
    ///
    /// ```
    /// assert_eq!(webex_calling::Stats::default().in_flight_calls(), 0);
    /// ```
    pub fn in_flight_calls(&self) -> u64 {
        self.calls.saturating_sub(self.succeeded + self.failed)
    }
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) succeeded: AtomicU64,
    pub(crate) failed: AtomicU64,
    pub(crate) retries: AtomicU64,
    pub(crate) throttled: AtomicU64,
    pub(crate) gate_waits: AtomicU64,
    pub(crate) calls: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(counter: &AtomicU64) {
        // Relaxed: the counters are independent tallies; nothing is ordered by them.
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Stats {
            requests: load(&self.requests),
            succeeded: load(&self.succeeded),
            failed: load(&self.failed),
            retries: load(&self.retries),
            throttled: load(&self.throttled),
            gate_waits: load(&self.gate_waits),
            calls: load(&self.calls),
            concurrency_limit: 0,
        }
    }
}
