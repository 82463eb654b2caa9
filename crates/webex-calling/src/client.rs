//! The [`Webex`] handle and the request loop every operation goes through.

use crate::auth::Clients;
use crate::gate::Gate;
use crate::limiter::{Limiter, Permit, Sample};
use crate::retry::RetryPolicy;
use crate::stall::{StallWatch, Stalled};
use crate::stats::{Counters, Stats};
use crate::target::Target;
use crate::tracking::TrackingIds;
use crate::{Error, Kind, WebexBuilder};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use tracing::Instrument;
use webex_calling_client::Client;
use webex_calling_client::ClientInfo as _;

/// What one HTTP exchange of the generated client returns, body already
/// unwrapped and the error boxed: the generated client's error is 296 bytes
/// (a response's headers and body inline), and each layer above moves the
/// result again; boxed, a read's success moves only its settings. The box is
/// made on the rare failed attempt only. (`?` boxes on its own.)
pub(crate) type Exchange<T> = Result<T, Box<webex_calling_client::Error<crate::types::WebexError>>>;

/// A Webex Calling client: cheap to clone, safe to share between tasks.
///
/// All clones share one connection pool, one concurrency limit, one rate-limit
/// pause and one set of [`Stats`].
///
/// ```no_run
/// # async fn run() -> Result<(), webex_calling::Error> {
/// let webex = webex_calling::Webex::from_env()?;
/// let settings = webex.person("PERSON_ID").barge_in().get().await?;
/// println!("barge-in enabled: {}", settings.enabled);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Webex {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) base_url: String,
    pub(crate) clients: Clients,
    pub(crate) org_id: Option<Arc<str>>,
    pub(crate) policy: RetryPolicy,
    pub(crate) request_timeout: Duration,
    pub(crate) limiter: Limiter,
    pub(crate) gate: Gate,
    /// Whether pushback has stalled the client.
    pub(crate) stall: StallWatch,
    pub(crate) counters: Counters,
    pub(crate) tracking: TrackingIds,
}

impl fmt::Debug for Webex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Webex")
            .field("base_url", &inner.base_url)
            .field("auth", inner.clients.auth())
            .field("org_id", &inner.org_id)
            .field("retry_policy", &inner.policy)
            .field("request_timeout", &inner.request_timeout)
            .field("concurrency_limit", &inner.limiter.limit())
            .field("tracking_id_prefix", &inner.tracking.prefix())
            .finish_non_exhaustive()
    }
}

impl Webex {
    /// A client configured from the environment: `WEBEX_ACCESS_TOKEN` (required;
    /// surrounding whitespace is removed) and `WEBEX_BASE_URL` (optional,
    /// default `https://webexapis.com/v1`).
    ///
    /// ```no_run
    /// let webex = webex_calling::Webex::from_env()?;
    /// # let _ = webex;
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        let token = std::env::var("WEBEX_ACCESS_TOKEN").map_err(|_| {
            Error::config(
                "WEBEX_ACCESS_TOKEN is not set: export an access token (for example a personal token from developer.webex.com)",
            )
        })?;
        let mut builder = Self::builder().token(token);
        if let Ok(url) = std::env::var("WEBEX_BASE_URL")
            && !url.trim().is_empty()
        {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// A builder for a client with non-default settings.
    ///
    /// ```
    /// use std::time::Duration;
    /// let webex = webex_calling::Webex::builder()
    ///     .token("ACCESS_TOKEN")
    ///     .request_timeout(Duration::from_secs(10))
    ///     .max_concurrency(16)
    ///     .build()?;
    /// # let _ = webex;
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn builder() -> WebexBuilder {
        WebexBuilder::default()
    }

    /// One person's settings.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let barge_in = webex.person("PERSON_ID").barge_in().get().await?;
    /// # let _ = barge_in;
    /// # Ok(())
    /// # }
    /// ```
    pub fn person(&self, id: impl AsRef<str>) -> Target {
        self.target_of(Kind::Person, id)
    }

    /// One workspace's settings (workspaces with the professional calling
    /// licence only; Webex refuses the others).
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let ptt = webex.workspace("WORKSPACE_ID").push_to_talk().get().await?;
    /// # let _ = ptt;
    /// # Ok(())
    /// # }
    /// ```
    pub fn workspace(&self, id: impl AsRef<str>) -> Target {
        self.target_of(Kind::Workspace, id)
    }

    /// One virtual line's settings.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let ptt = webex.virtual_line("VIRTUAL_LINE_ID").push_to_talk().get().await?;
    /// # let _ = ptt;
    /// # Ok(())
    /// # }
    /// ```
    pub fn virtual_line(&self, id: impl AsRef<str>) -> Target {
        self.target_of(Kind::VirtualLine, id)
    }

    /// A target of the given kind, for ids whose kind is known another way
    /// (Webex calls ids opaque).
    ///
    /// ```
    /// use webex_calling::Kind;
    /// let webex = webex_calling::Webex::builder().token("t").build()?;
    /// assert_eq!(webex.target_of(Kind::Workspace, "W").kind(), Kind::Workspace);
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn target_of(&self, kind: Kind, id: impl AsRef<str>) -> Target {
        Target::new(self.clone(), kind, id.as_ref())
    }

    /// A target whose kind is decoded from the id itself (see
    /// [`Kind::resolve`]); an [`Error::InvalidInput`] naming the id when it
    /// does not decode to a person, workspace or virtual line.
    ///
    /// ```
    /// use webex_calling::Kind;
    /// let webex = webex_calling::Webex::builder().token("t").build()?;
    /// let id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";
    /// assert_eq!(webex.target(id)?.kind(), Kind::Person);
    /// assert!(webex.target("opaque-id").is_err());
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn target(&self, id: impl AsRef<str>) -> Result<Target, Error> {
        let id = id.as_ref();
        let shown = || crate::error::excerpt(id.as_bytes());
        match Kind::resolve(id, None) {
            Ok(kind) => Ok(self.target_of(kind, id)),
            Err(crate::KindError::Unknown) => Err(Error::invalid_input(format!(
                "cannot tell the kind of id {:?}: it does not decode to a person, workspace or virtual line; give the kind explicitly",
                shown()
            ))),
            Err(error) => Err(Error::invalid_input(format!("id {:?}: {error}", shown()))),
        }
    }

    /// A snapshot of this client's counters (shared by all its clones).
    ///
    /// ```
    /// let webex = webex_calling::Webex::builder().token("t").build()?;
    /// assert_eq!(webex.stats().requests, 0);
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn stats(&self) -> Stats {
        let mut stats = self.inner.counters.snapshot();
        stats.concurrency_limit = self.inner.limiter.limit();
        stats
    }

    /// Whether the server's pushback has stalled this client: every answer
    /// for [`RetryPolicy::stall_after`](crate::RetryPolicy::stall_after)
    /// was 429, 423 or 503, or three in a row asked for a `Retry-After`
    /// beyond [`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after).
    /// A bulk run that sees a stall should stop (the remaining work cannot
    /// finish in reasonable time) and say why: the [`Stalled`] displays the
    /// server's demand. Any answer that gets through ends the stall.
    ///
    /// ```
    /// let webex = webex_calling::Webex::builder().token("t").build()?;
    /// assert!(webex.stalled().is_none());
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn stalled(&self) -> Option<Stalled> {
        self.inner.stall.stalled(Instant::now())
    }

    /// The most requests this client will ever have in flight: its fixed
    /// concurrency, or the adaptive limit's upper bound. Bulk callers start
    /// this many operations at once and let the limit decide how many send.
    ///
    /// ```
    /// let webex = webex_calling::Webex::builder().token("t").max_concurrency(4).build()?;
    /// assert_eq!(webex.max_in_flight(), 4);
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn max_in_flight(&self) -> usize {
        self.inner.limiter.max()
    }

    /// The base URL requests go to, without a trailing slash.
    ///
    /// ```
    /// let webex = webex_calling::Webex::builder().token("t").build()?;
    /// assert_eq!(webex.base_url(), "https://webexapis.com/v1");
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The organization used when a person or virtual line sets none.
    pub(crate) fn default_org_id(&self) -> Option<Arc<str>> {
        self.inner.org_id.clone()
    }

    /// Counts a call that failed its input checks, so progress counters add up
    /// to the number of calls made.
    pub(crate) fn reject(&self, error: Error) -> Error {
        Counters::bump(&self.inner.counters.calls);
        Counters::bump(&self.inner.counters.failed);
        error
    }

    /// Runs one operation with tracking ids, the rate-limit gate, the
    /// concurrency limit, timeouts, token refresh and retries.
    ///
    /// `send` performs one HTTP exchange with a client carrying the current
    /// token and the given `TrackingID`; it is called once per attempt.
    ///
    /// Not an `async fn`: the span is made before the future, which then
    /// holds neither `op` nor `id` (an `async fn` keeps each argument twice).
    pub(crate) fn call<T, F, Fut>(
        &self,
        op: Op,
        id: &str,
        send: F,
    ) -> impl Future<Output = Result<T, Error>>
    where
        F: Fn(Arc<Client>, Arc<str>) -> Fut,
        Fut: Future<Output = Exchange<T>>,
    {
        // Without any subscriber no span can be seen, yet with tracing's
        // `log` feature on (as axum and tower turn it on) a disabled span
        // still offers its fields to `log` (about 300 instructions of a
        // loopback read). Events still reach `log` either way.
        if !tracing::dispatcher::has_been_set() {
            return self.call_in(tracing::Span::none(), send);
        }
        let span = tracing::info_span!(
            "webex_call",
            operation = op.verb,
            setting = op.setting,
            kind = op.kind.as_str(),
            id,
            attempt = tracing::field::Empty,
            tracking_id = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        self.call_in(span, send)
    }

    /// The call of [`call`](Self::call) within `span`. (Not an `async fn`,
    /// for the reason `retry_loop` gives.)
    #[allow(clippy::manual_async_fn)]
    fn call_in<T, F, Fut>(
        &self,
        span: tracing::Span,
        send: F,
    ) -> impl Future<Output = Result<T, Error>>
    where
        F: Fn(Arc<Client>, Arc<str>) -> Fut,
        Fut: Future<Output = Exchange<T>>,
    {
        async move {
            let inner = &self.inner;
            Counters::bump(&inner.counters.calls);
            // Entering a disabled span on every poll still costs; skip it
            // when no subscriber listens.
            let result = if span.is_disabled() {
                self.retry_loop(send, &span).await
            } else {
                self.retry_loop(send, &span).instrument(span.clone()).await
            };
            match &result {
                Ok(_) => Counters::bump(&inner.counters.succeeded),
                Err(error) => {
                    Counters::bump(&inner.counters.failed);
                    tracing::debug!(parent: &span, %error, "call failed");
                }
            }
            result
        }
    }

    // Not `async fn`s (this and `exchange`), which keep each argument twice
    // in the future.
    #[allow(clippy::manual_async_fn)]
    fn retry_loop<T, F, Fut>(
        &self,
        send: F,
        span: &tracing::Span,
    ) -> impl Future<Output = Result<T, Error>>
    where
        F: Fn(Arc<Client>, Arc<str>) -> Fut,
        Fut: Future<Output = Exchange<T>>,
    {
        async move {
            let inner = &*self.inner;
            let lineage = inner.tracking.next();
            let mut retries = Retries {
                started: None,
                backoff: None,
                refreshed: false,
            };
            let mut refreshed_client = None;
            let mut attempt = 0u32;
            loop {
                attempt += 1;
                let tracking_id = lineage.attempt(attempt);
                if !span.is_disabled() {
                    span.record("attempt", attempt);
                    span.record("tracking_id", &*tracking_id);
                }
                let (outcome, sent_at, used) = self
                    .exchange(&send, &tracking_id, refreshed_client.take())
                    .await?;
                let failure = match outcome {
                    Ok(Ok(value)) => {
                        record_attempt(span, "ok", sent_at);
                        inner.stall.answered();
                        return Ok(value);
                    }
                    Ok(Err(error)) => Ok(error),
                    Err(elapsed) => Err(elapsed),
                };
                // Boxed: the failure path's state (reading an error body, the
                // backoff, a token refresh, the sleep) would otherwise sit in
                // every call's future, which is copied and touched on each read
                // (the reads bench's future shrank by about 400 bytes). One
                // allocation per failed attempt is nothing next to the attempt.
                let attempt = Attempt {
                    number: attempt,
                    sent_at,
                    used,
                };
                refreshed_client = Box::pin(self.retry_or_fail(
                    failure,
                    &tracking_id,
                    attempt,
                    &mut retries,
                    span,
                ))
                .await?;
                Counters::bump(&inner.counters.retries);
            }
        }
    }

    /// After a failed attempt (an error response, a transport error or an
    /// undecodable body; or no answer within the request timeout), either
    /// its error (no retry) or, once it is time to retry, the client to
    /// retry with when the token was refreshed.
    async fn retry_or_fail(
        &self,
        failure: Result<
            Box<webex_calling_client::Error<crate::types::WebexError>>,
            tokio::time::error::Elapsed,
        >,
        tracking_id: &str,
        attempt: Attempt,
        retries: &mut Retries,
        span: &tracing::Span,
    ) -> Result<Option<Arc<Client>>, Error> {
        let inner = &*self.inner;
        let error = match failure {
            Ok(error) => {
                let secret = attempt.used.inner().bearer_token();
                Error::from_client(*error, tracking_id, inner.request_timeout, secret).await
            }
            Err(_elapsed) => Error::Timeout {
                after: inner.request_timeout,
                tracking_id: Some(tracking_id.to_owned()),
                call: None,
            },
        };
        let error = match attempt.used.inner().bearer_token() {
            Some(token) => error.without_secret(token),
            None => error,
        };
        match error.status() {
            Some(status) => record_attempt(span, &status.to_string(), attempt.sent_at),
            None => record_attempt(span, "error", attempt.sent_at),
        }
        tracing::debug!(attempt = attempt.number, tracking_id, %error, "attempt failed");
        match self.after_failure(&error, &attempt, retries).await? {
            Next::GiveUp => Err(error),
            Next::Refreshed(client) => Ok(Some(client)),
            // A zero sleep would still wait for the timer's next tick.
            Next::Wait(delay) if delay.is_zero() => Ok(None),
            Next::Wait(delay) => {
                tokio::time::sleep(delay).await;
                Ok(None)
            }
        }
    }

    /// One HTTP exchange, under the rate-limit gate and the concurrency
    /// limit, within the request timeout; the limit learns how it went.
    #[allow(clippy::manual_async_fn)]
    fn exchange<T, F, Fut>(
        &self,
        send: &F,
        tracking_id: &Arc<str>,
        refreshed_client: Option<Arc<Client>>,
    ) -> impl Future<Output = Result<Exchanged<T>, Error>>
    where
        F: Fn(Arc<Client>, Arc<str>) -> Fut,
        Fut: Future<Output = Exchange<T>>,
    {
        async move {
            let inner = &*self.inner;
            let slot = self.acquire_slot().await;
            // Asked for after the waits, so a long pause cannot leave us
            // holding a token that expired meanwhile.
            let client = match refreshed_client {
                Some(client) => client,
                None => inner.clients.current().await?,
            };
            Counters::bump(&inner.counters.requests);
            // The attempt's one clock read: its latency, the limit's round
            // trip, the retry budget's start and the timeout's deadline all
            // count from it (a read of the clock showed in the reads bench at
            // about 50 ns on a virtual machine, four of them per call).
            let sent_at = Instant::now();
            // Boxed, as reqwest boxes its own: the request's future (the
            // generated operation's, some 460 bytes) would otherwise sit
            // inline in every future above it, each of which is copied whole
            // as it is first awaited, and the call's again into its task. One
            // allocation per attempt costs less than those copies.
            let exchange = Box::pin(send(Arc::clone(&client), Arc::clone(tracking_id)));
            // The one timer of a request, whoever built the reqwest client: it
            // covers the body and its decoding too, and unlike reqwest's
            // `timeout` it lives inside this future instead of a boxed `Sleep`
            // polled again with every body frame (about 0.3 µs of a 13 µs
            // loopback read in the reads bench).
            let deadline = deadline_after(sent_at, inner.request_timeout);
            let outcome = tokio::time::timeout_at(deadline, exchange).await;
            slot.finish(sent_at, sample_of(&outcome));
            Ok((outcome, sent_at, client))
        }
    }

    /// Whether and when a failed attempt is tried again.
    async fn after_failure(
        &self,
        error: &Error,
        attempt: &Attempt,
        retries: &mut Retries,
    ) -> Result<Next, Error> {
        let inner = &*self.inner;
        let policy = &inner.policy;
        let started = *retries.started.get_or_insert(attempt.sent_at);
        let status = error.status();
        let first_beyond_cap = match status {
            Some(429 | 423 | 503) => inner.stall.pushed_back(Instant::now(), error.retry_after()),
            Some(_) => {
                inner.stall.answered();
                false
            }
            None => false,
        };
        if status == Some(401) && !retries.refreshed {
            retries.refreshed = true;
            if let Some(client) = inner.clients.refresh(&attempt.used).await? {
                tracing::info!(
                    "access token rejected with 401; retrying once with a refreshed token"
                );
                return Ok(Next::Refreshed(client));
            }
        }
        if status == Some(429) {
            Counters::bump(&inner.counters.throttled);
        }
        if !error.is_retryable() {
            return Ok(Next::GiveUp);
        }
        let server_wait = error.retry_after();
        let delay = match server_wait {
            Some(wait) => wait,
            // The server never saw it: no reason to wait, nor to grow the backoff.
            None if error.is_refused_unprocessed() => Duration::ZERO,
            None => retries
                .backoff
                .get_or_insert_with(|| Box::new(policy.backoff_delays()))
                .next()
                .unwrap_or(policy.max_backoff),
        };
        if status == Some(429) {
            // Everyone pauses, but never longer than the client would wait itself.
            let pause = delay.min(policy.max_retry_after).min(policy.max_elapsed);
            inner.gate.close_for(pause);
        }
        if server_wait.is_some_and(|wait| wait > policy.max_retry_after) {
            // Once per run of such answers: they come by the hundred.
            // The text is for whoever reads the log, a CLI's user as much as
            // a programmer: values in words, no Rust names (the knob is
            // `RetryPolicy::max_retry_after`, documented there).
            if first_beyond_cap {
                tracing::warn!(
                    retry_after_s = delay.as_secs(),
                    cap_s = policy.max_retry_after.as_secs(),
                    "the server asks to wait {} (Retry-After: {} s), longer than the {} this \
                     client waits to retry: such calls fail at once, and after a 429 the \
                     client's other requests pause {}",
                    crate::error::human(delay),
                    delay.as_secs(),
                    crate::error::human(policy.max_retry_after),
                    crate::error::human(policy.max_retry_after.min(policy.max_elapsed)),
                );
            }
            return Ok(Next::GiveUp);
        }
        if attempt.number >= policy.max_attempts {
            return Ok(Next::GiveUp);
        }
        // Saturating: `max_retry_after(Duration::MAX)` lets any wait through.
        if started.elapsed().saturating_add(delay) > policy.max_elapsed {
            tracing::debug!("retry budget exhausted");
            return Ok(Next::GiveUp);
        }
        tracing::info!(attempt = attempt.number, delay_ms = delay.as_millis() as u64, %error, "retrying");
        Ok(Next::Wait(delay))
    }
}

/// How an exchange went (or that it timed out), when it was sent, and the
/// client (and so the token) it used.
type Exchanged<T> = (
    Result<Exchange<T>, tokio::time::error::Elapsed>,
    Instant,
    Arc<Client>,
);

/// The retry state of one call.
struct Retries {
    /// When the first attempt was sent (set on the first failure, from the
    /// attempt's own clock read): the retry budget counts from there.
    started: Option<Instant>,
    /// Built on the first failure only: most calls never need it.
    backoff: Option<Box<dyn Iterator<Item = Duration> + Send>>,
    refreshed: bool,
}

/// One attempt: its number (from 1), when it was sent, and the client (and
/// so the token) it used.
struct Attempt {
    number: u32,
    sent_at: Instant,
    used: Arc<Client>,
}

/// What follows a failed attempt.
enum Next {
    GiveUp,
    /// Retry at once with a client carrying a refreshed token.
    Refreshed(Arc<Client>),
    Wait(Duration),
}

/// `timeout` from `start`, or a deadline decades away when the sum would
/// overflow the clock (`request_timeout(Duration::MAX)` means "never").
fn deadline_after(start: Instant, timeout: Duration) -> Instant {
    const FAR: Duration = Duration::from_secs(86_400 * 365 * 30);
    start.checked_add(timeout).unwrap_or_else(|| start + FAR)
}

/// What an exchange says about the server's capacity.
fn sample_of<T>(outcome: &Result<Exchange<T>, tokio::time::error::Elapsed>) -> Sample {
    match outcome {
        Ok(Ok(_)) => Sample::Answered,
        Ok(Err(error)) => match error.status().map(|s| s.as_u16()) {
            Some(429 | 423) => Sample::PushedBack,
            Some(503) => Sample::Unavailable,
            Some(_) => Sample::Answered,
            None => Sample::Unanswered,
        },
        Err(_elapsed) => Sample::Unanswered,
    }
}

impl Webex {
    /// Waits for the rate-limit gate to open, then for room under the
    /// concurrency limit.
    ///
    /// The room is held only for the HTTP exchange itself: a request waiting
    /// on the gate or on a backoff must not keep others from running. The gate
    /// is checked again once the room is ours, because a 429 may have closed
    /// it while we queued; then the room is given back and we wait.
    async fn acquire_slot(&self) -> Permit<'_> {
        let inner = &*self.inner;
        let mut waited = false;
        loop {
            waited |= inner.gate.wait_open().await;
            let slot = inner.limiter.acquire().await;
            if inner.gate.is_open() {
                if waited {
                    Counters::bump(&inner.counters.gate_waits);
                }
                return slot;
            }
            drop(slot);
        }
    }
}

/// What a call does, for traces: `get` or `update` of a setting on a kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    verb: &'static str,
    setting: &'static str,
    kind: Kind,
}

impl Op {
    pub(crate) fn new(verb: &'static str, setting: &'static str, kind: Kind) -> Self {
        Self {
            verb,
            setting,
            kind,
        }
    }
}

fn record_attempt(span: &tracing::Span, status: &str, sent_at: Instant) {
    if span.is_disabled() {
        return;
    }
    span.record("status", status);
    span.record("latency_ms", sent_at.elapsed().as_secs_f64() * 1000.0);
}

/// Whether `s` holds a control character (C0, DEL or C1).
///
/// Webex ids are printable ASCII: one pass over the bytes without an early
/// exit, which the compiler vectorises, settles those; decoding each char
/// (about 900 instructions for an 80-character id, which showed in the reads
/// bench) is left to the rest.
fn has_control(s: &str) -> bool {
    let printable_ascii = s
        .bytes()
        .fold(true, |ok, b| ok & (b' '..=b'~').contains(&b));
    !printable_ascii && s.chars().any(char::is_control)
}

/// Rejects an empty or blank id before it becomes a request to a wrong path.
///
/// `what` names the id in the error; it is only formatted when there is one,
/// since every call checks its ids.
pub(crate) fn validate_id(what: impl fmt::Display, id: &str) -> Result<(), Error> {
    // Every call checks its ids: one branch-free pass (which the compiler
    // vectorises) settles the usual printable-ASCII id, and the blank check
    // stops at its first byte that is not a space; anything else takes the
    // checks below, which name what is wrong.
    let printable = id
        .bytes()
        .fold(true, |printable, b| printable & (b.wrapping_sub(b' ') < 95));
    if printable && id.bytes().any(|b| b != b' ') && id != "." && id != ".." {
        return Ok(());
    }
    if id.trim().is_empty() {
        return Err(Error::invalid_input(format!(
            "the {what} is empty; pass the Webex id (a base64 string such as Y2lzY29zcGFyazovL3VzL1BFT1BMRS8...)"
        )));
    }
    // URL normalisation removes `.` and `..` segments (encoded or not), so such
    // an id would silently address another resource.
    if id == "." || id == ".." {
        return Err(Error::invalid_input(format!(
            "the {what} {id:?} cannot be sent in a URL path; pass the Webex id (a base64 string)"
        )));
    }
    if has_control(id) {
        return Err(Error::invalid_input(format!(
            "the {what} {id:?} contains control characters; check the input for stray line breaks or tabs"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_in_ascii_and_beyond() {
        assert!(!has_control("Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM"));
        assert!(!has_control(""));
        assert!(!has_control("naïve id"), "non-ASCII is not control");
        assert!(has_control("abc\tdef"));
        assert!(has_control("abc\n"));
        assert!(has_control("abc\u{7f}"), "DEL");
        assert!(has_control("abc\u{85}def"), "C1 (NEL)");
        assert!(has_control("ïd\u{1}"), "C0 after non-ASCII");
        assert!(validate_id("person id", "a\rb").is_err());
    }

    /// A call's future is copied whole (padding too) each time it moves:
    /// into its parent when first awaited, into a task or a
    /// `FuturesUnordered`. Shrinking a read's (as the reads bench makes it)
    /// from 2,992 to 1,088 bytes took that bench from about 0.88x of bare
    /// reqwest to 0.93x; boxing the rare client error and the send future
    /// took the bench's to 632 (this test's, `Handle::get` alone: 504). A
    /// change that grows it past the bound (a large local held across an
    /// `.await`, an `async fn` taking a large argument, a rare path's state)
    /// belongs in a box off the hot path instead.
    #[test]
    fn a_read_future_stays_small() -> Result<(), Error> {
        let webex = Webex::builder().token("t").build()?;
        let target = webex.person("Y2lzY29zcGFyazovL3VzL1BFT1BMRS9h");
        let barge_in = target.barge_in();
        let size = std::mem::size_of_val(&barge_in.get());
        assert!(size <= 768, "a barge-in read's future is {size} bytes");
        Ok(())
    }
}
