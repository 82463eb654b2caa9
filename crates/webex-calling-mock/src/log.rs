//! The request log that tests inspect, and tracking-id generation.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;

/// One request as the mock saw and answered it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// The path exactly as received, still percent-encoded.
    pub path: String,
    /// The decoded person or virtual-line id, when the path names one of the four
    /// operations' resources.
    pub id: Option<String>,
    /// The raw query string without the leading `?`, if any.
    pub query: Option<String>,
    /// Request headers in arrival order, names lower-cased; the `Authorization`
    /// value is replaced by `<redacted>` so tokens never reach test output.
    pub headers: Vec<(String, String)>,
    /// The status code the mock answered (for dropped connections, the status of
    /// the head that was sent before the connection was cut).
    pub status: u16,
    /// The `TrackingID` of the response: the request's own, or a generated one.
    pub tracking_id: String,
}

/// Bounded so a long-running mock cannot grow without limit.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug)]
pub(crate) struct RequestLog {
    enabled: bool,
    entries: Mutex<VecDeque<LoggedRequest>>,
}

impl RequestLog {
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            enabled,
            entries: Mutex::new(VecDeque::new()),
        }
    }

    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    pub(crate) fn push(&self, entry: LoggedRequest) {
        let mut entries = self.entries.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub(crate) fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries.lock().iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        self.entries.lock().clear();
    }
}

/// Generates Webex-looking tracking ids (`ROUTER_<UUID>`) from the seed and a
/// counter: cheap, unique per server, and reproducible.
#[derive(Debug)]
pub(crate) struct TrackingIds {
    prefix: u64,
    counter: AtomicU64,
}

impl TrackingIds {
    pub(crate) fn new(seed: u64) -> Self {
        // Scramble the seed so different seeds do not share visible prefixes.
        let prefix = seed
            .wrapping_add(0x9E37_79B9_7F4A_7C15)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        Self {
            prefix,
            counter: AtomicU64::new(1),
        }
    }

    pub(crate) fn next(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let uuid = uuid::Uuid::from_u64_pair(self.prefix, n);
        let mut buf = uuid::Uuid::encode_buffer();
        format!("ROUTER_{}", uuid.hyphenated().encode_upper(&mut buf))
    }
}
