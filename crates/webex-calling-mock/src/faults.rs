//! Fault injection: queued per-id failures and drops, rate limiting, locked ids,
//! random server errors and junk `Retry-After` values.

use std::collections::{HashMap, HashSet, VecDeque};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use parking_lot::Mutex;
use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use crate::error::MockError;

/// What a queued fault does to the request it catches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Injection {
    /// Answer this status with a Webex error body.
    Fail {
        status: u16,
        retry_after: Option<String>,
    },
    /// Send a response head and part of the body, then cut the connection.
    Drop,
}

/// Values real Webex gateways have sent, or that a defensive parser must survive.
const JUNK_RETRY_AFTER: &[&str] = &[
    "rand(30),add(30)",
    "rand(10),add(5)",
    "soon",
    "1.5",
    "-3",
    "Wed, 21 Oct 2015 07:28:00",
];

/// A spell when every request is answered 429: it starts at the
/// `after`-th request (counted from 0) and lasts `duration` of wall time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Storm {
    /// Requests answered normally before the storm.
    pub(crate) after: u64,
    /// How long it lasts once it starts.
    pub(crate) duration: Duration,
    /// The `Retry-After` each 429 carries, in seconds.
    pub(crate) retry_after: u64,
}

/// A storm's progress.
#[derive(Debug)]
struct StormState {
    storm: Storm,
    seen: std::sync::atomic::AtomicU64,
    started: std::sync::OnceLock<tokio::time::Instant>,
}

#[derive(Debug)]
pub(crate) struct Faults {
    // Counts ids with queued faults so the common path skips the mutex entirely.
    queued_ids: AtomicUsize,
    queued: Mutex<HashMap<String, VecDeque<(Injection, usize)>>>,
    locked: HashSet<String>,
    limiter: Option<DefaultDirectRateLimiter>,
    fail_rate: f64,
    rng: Mutex<ChaCha8Rng>,
    malformed_retry_after: bool,
    junk_cursor: AtomicUsize,
    storm: Option<StormState>,
}

impl Faults {
    pub(crate) fn new(
        seed: u64,
        rate_limit: Option<f64>,
        fail_rate: f64,
        locked: HashSet<String>,
        malformed_retry_after: bool,
    ) -> Result<Self, MockError> {
        let limiter = rate_limit.map(rate_limiter).transpose()?;
        if !(0.0..=1.0).contains(&fail_rate) {
            return Err(MockError::InvalidConfig(format!(
                "fail rate must be between 0 and 1, got {fail_rate}"
            )));
        }
        Ok(Self {
            queued_ids: AtomicUsize::new(0),
            queued: Mutex::new(HashMap::new()),
            locked,
            limiter,
            fail_rate,
            // A stream separate from the population's so fault patterns do not
            // shift when the population size changes.
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed ^ 0xFA17_FA17_FA17_FA17)),
            malformed_retry_after,
            junk_cursor: AtomicUsize::new(0),
            storm: None,
        })
    }

    /// Adds a storm.
    pub(crate) fn with_storm(mut self, storm: Option<Storm>) -> Self {
        self.storm = storm.map(|storm| StormState {
            storm,
            seen: std::sync::atomic::AtomicU64::new(0),
            started: std::sync::OnceLock::new(),
        });
        self
    }

    /// `Some(retry_after)` while the storm blows.
    pub(crate) fn storming(&self) -> Option<String> {
        let state = self.storm.as_ref()?;
        let seen = state.seen.fetch_add(1, Ordering::Relaxed);
        if seen < state.storm.after {
            return None;
        }
        let started = *state.started.get_or_init(tokio::time::Instant::now);
        (started.elapsed() < state.storm.duration)
            .then(|| self.retry_after(state.storm.retry_after))
    }

    pub(crate) fn enqueue(&self, id: &str, injection: Injection, times: usize) {
        if times == 0 {
            return;
        }
        let mut queued = self.queued.lock();
        let queue = queued.entry(id.to_owned()).or_default();
        if queue.is_empty() {
            self.queued_ids.fetch_add(1, Ordering::SeqCst);
        }
        queue.push_back((injection, times));
    }

    /// Takes the next queued fault for `id`, if any.
    pub(crate) fn take(&self, id: &str) -> Option<Injection> {
        if self.queued_ids.load(Ordering::SeqCst) == 0 {
            return None;
        }
        let mut queued = self.queued.lock();
        let queue = queued.get_mut(id)?;
        let (injection, remaining) = queue.front_mut()?;
        let injection = injection.clone();
        *remaining -= 1;
        if *remaining == 0 {
            queue.pop_front();
        }
        if queue.is_empty() {
            queued.remove(id);
            self.queued_ids.fetch_sub(1, Ordering::SeqCst);
        }
        Some(injection)
    }

    /// `Some(retry_after)` when the bucket is empty.
    pub(crate) fn rate_limited(&self) -> Option<String> {
        let limiter = self.limiter.as_ref()?;
        match limiter.check() {
            Ok(()) => None,
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                // Round up: a client that waits the advertised time must succeed.
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                Some(self.retry_after(secs.max(1)))
            }
        }
    }

    pub(crate) fn locked(&self, id: &str) -> Option<String> {
        self.locked.contains(id).then(|| self.retry_after(5))
    }

    /// Draws a random 5xx for the configured fraction of requests, with a
    /// `Retry-After` on some 503s as Webex does.
    pub(crate) fn random_failure(&self) -> Option<(u16, Option<String>)> {
        if self.fail_rate <= 0.0 {
            return None;
        }
        let (status, retry_after) = {
            let mut rng = self.rng.lock();
            if rng.random::<f64>() >= self.fail_rate {
                return None;
            }
            let status = [500, 502, 503, 504][rng.random_range(0..4usize)];
            let retry = (status == 503 && rng.random::<bool>()).then(|| rng.random_range(1..=3u64));
            (status, retry)
        };
        Some((status, retry_after.map(|secs| self.retry_after(secs))))
    }

    fn retry_after(&self, secs: u64) -> String {
        if self.malformed_retry_after {
            let i = self.junk_cursor.fetch_add(1, Ordering::Relaxed);
            JUNK_RETRY_AFTER[i % JUNK_RETRY_AFTER.len()].to_owned()
        } else {
            secs.to_string()
        }
    }
}

/// The lowest rate limit accepted, in requests per second.
pub(crate) const MIN_RATE: f64 = 0.001;

fn rate_limiter(per_second: f64) -> Result<DefaultDirectRateLimiter, MockError> {
    if !(per_second.is_finite() && per_second > 0.0) {
        return Err(MockError::InvalidConfig(format!(
            "rate limit must be a positive number of requests per second, got {per_second}"
        )));
    }
    // Below one request per thousand seconds the period no longer fits the
    // limiter's clock; such a limit is a typo, not a test scenario.
    let period = Duration::try_from_secs_f64(1.0 / per_second)
        .ok()
        .filter(|_| per_second >= MIN_RATE)
        .ok_or_else(|| {
            MockError::InvalidConfig(format!(
                "rate limit {per_second} is too low: the least is {MIN_RATE} requests per second"
            ))
        })?;
    let burst = NonZeroU32::new((per_second.floor() as u32).max(1)).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::with_period(period)
        .ok_or_else(|| MockError::InvalidConfig(format!("rate limit {per_second} is too high")))?
        .allow_burst(burst);
    Ok(RateLimiter::direct(quota))
}

/// A 200 whose head promises more body than is ever sent. The body stream pauses
/// after the first chunk so hyper flushes the head and that chunk, then fails,
/// which makes hyper abort the connection: the client sees a response start and
/// then a cut, not a refused request.
pub(crate) fn dropped_response() -> Response {
    use futures::StreamExt as _;
    let first = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(
        b"{\"enabled\": tr",
    ))]);
    let cut = futures::stream::once(async {
        tokio::time::sleep(Duration::from_millis(2)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "mock dropped the connection on purpose",
        ))
    });
    let mut response = Response::new(Body::from_stream(first.chain(cut)));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("1024"));
    response
}
