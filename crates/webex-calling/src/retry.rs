//! When and how long to wait before sending a failed request again.

use backon::{BackoffBuilder, ExponentialBuilder};
use std::time::{Duration, SystemTime};

/// How failed requests are retried.
///
/// A request is retried when its error is [retryable](crate::Error::is_retryable)
/// (statuses 429, 423, 502, 503, 504, transport errors and timeouts), GET and PUT
/// alike, since both are idempotent. Statuses 400, 401 (after one token
/// refresh), 403, 404, 405, 409, 410, 415, 428 and 500 are never retried.
///
/// The wait is the server's `Retry-After` when it is a number of seconds or an
/// HTTP-date; none for a request an HTTP/2 server refused before processing
/// it (`REFUSED_STREAM`, or a GOAWAY it came too late for), which goes out
/// again at once; and otherwise exponential backoff with jitter. A `Retry-After`
/// longer than [`max_retry_after`](Self::max_retry_after) is not slept: the
/// call returns the error, whose [`retry_after`](crate::Error::retry_after)
/// tells the caller when to come back.
///
/// A 429 also closes the client-wide gate for its wait (at most
/// `max_retry_after`), so every other request of the client pauses too.
///
/// ```
/// use std::time::Duration;
/// use webex_calling::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(3)
///     .max_elapsed(Duration::from_secs(20))
///     .max_retry_after(Duration::from_secs(10));
/// assert_eq!(policy.attempts(), 3);
/// let no_retries = RetryPolicy::none();
/// assert_eq!(no_retries.attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) max_elapsed: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) stall_after: Duration,
}

impl Default for RetryPolicy {
    /// Up to 5 attempts within 2 minutes, backoff from 500 ms up to 30 s, a
    /// `Retry-After` of up to 60 s honoured, and three minutes of nothing
    /// but pushback called a stall.
    fn default() -> Self {
        Self {
            max_attempts: 5,
            max_elapsed: Duration::from_secs(120),
            max_retry_after: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            stall_after: Duration::from_secs(180),
        }
    }
}

impl RetryPolicy {
    /// A policy that sends every request once.
    ///
    /// ```
    /// assert_eq!(webex_calling::RetryPolicy::none().attempts(), 1);
    /// ```
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// The most requests one call may send, the first included (at least 1).
    ///
    /// ```
    /// let policy = webex_calling::RetryPolicy::default().max_attempts(0);
    /// assert_eq!(policy.attempts(), 1);
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The most time one call may take from its first request, including
    /// the waits between retries: no retry starts whose wait would end after
    /// this budget. Time queued before the first request (for room under
    /// the concurrency limit, or a rate-limit pause) does not count.
    ///
    /// ```
    /// let policy = webex_calling::RetryPolicy::default().max_elapsed(std::time::Duration::from_secs(5));
    /// # let _ = policy;
    /// ```
    pub fn max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// The longest `Retry-After` that is waited out; a longer one makes the
    /// call return the error at once (while the client's other requests
    /// pause for this long, as for any 429).
    ///
    /// ```
    /// let policy = webex_calling::RetryPolicy::default().max_retry_after(std::time::Duration::from_secs(5));
    /// # let _ = policy;
    /// ```
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// How long the server may answer nothing but pushback (429, 423, 503)
    /// before [`Webex::stalled`](crate::Webex::stalled) reports a stall
    /// (three answers in a row asking for more than
    /// [`max_retry_after`](Self::max_retry_after) are one at once).
    ///
    /// ```
    /// let policy = webex_calling::RetryPolicy::default().stall_after(std::time::Duration::from_secs(600));
    /// # let _ = policy;
    /// ```
    pub fn stall_after(mut self, window: Duration) -> Self {
        self.stall_after = window;
        self
    }

    /// The first and the largest backoff delay used when the server gives no
    /// usable `Retry-After`. Each delay doubles the previous one, plus a
    /// random jitter of up to the delay itself.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = webex_calling::RetryPolicy::default()
    ///     .backoff(Duration::from_millis(100), Duration::from_secs(5));
    /// # let _ = policy;
    /// ```
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The configured maximum number of attempts.
    ///
    /// ```
    /// assert_eq!(webex_calling::RetryPolicy::default().attempts(), 5);
    /// ```
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff delays for one call, in order.
    pub(crate) fn backoff_delays(&self) -> impl Iterator<Item = Duration> + Send + use<> {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_factor(2.0)
            .with_jitter()
            .without_max_times()
            .build()
    }
}

/// Reads a `Retry-After` value: delay-seconds or an HTTP-date.
///
/// Anything else (Webex has sent `rand(30),add(30)`) is `None`, so the caller
/// falls back to backoff instead of failing. A date in the past means "now".
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // A number too large for u64 is still a (very long) wait, not garbage.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds() {
        assert_eq!(parse_retry_after("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn http_date() {
        let future = SystemTime::now() + Duration::from_secs(120);
        let parsed = parse_retry_after(&httpdate::fmt_http_date(future));
        assert!(
            parsed.is_some_and(|d| d > Duration::from_secs(100) && d <= Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn malformed() {
        for value in ["rand(30),add(30)", "", "-5", "1.5", "soon"] {
            assert_eq!(parse_retry_after(value), None, "{value}");
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_caps() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_secs(1));
        let delays: Vec<Duration> = policy.backoff_delays().take(8).collect();
        assert!(delays[0] >= Duration::from_millis(100) && delays[0] <= Duration::from_millis(200));
        assert!(delays[1] >= Duration::from_millis(200) && delays[1] <= Duration::from_millis(400));
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(2)));
    }
}
