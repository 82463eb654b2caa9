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
    /// The decoded target id, when the path names a settings operation's
    /// resource.
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

/// Bounded so a long-running mock cannot grow without limit: by entries, and
/// by bytes, since one request can carry large headers.
const MAX_ENTRIES: usize = 100_000;
const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug)]
pub(crate) struct RequestLog {
    enabled: bool,
    entries: Mutex<(VecDeque<LoggedRequest>, usize)>,
}

impl LoggedRequest {
    /// About what the entry holds on the heap.
    fn size(&self) -> usize {
        let strings = self.method.len()
            + self.path.len()
            + self.id.as_ref().map_or(0, String::len)
            + self.query.as_ref().map_or(0, String::len)
            + self.tracking_id.len();
        let headers: usize = self
            .headers
            .iter()
            .map(|(k, v)| k.len() + v.len() + 48)
            .sum();
        std::mem::size_of::<Self>() + strings + headers
    }
}

impl RequestLog {
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            enabled,
            entries: Mutex::new((VecDeque::new(), 0)),
        }
    }

    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    pub(crate) fn push(&self, entry: LoggedRequest) {
        let mut guard = self.entries.lock();
        let (entries, bytes) = &mut *guard;
        *bytes += entry.size();
        entries.push_back(entry);
        while entries.len() > MAX_ENTRIES || (*bytes > MAX_BYTES && entries.len() > 1) {
            if let Some(old) = entries.pop_front() {
                *bytes = bytes.saturating_sub(old.size());
            }
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries.lock().0.iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        *self.entries.lock() = (VecDeque::new(), 0);
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
