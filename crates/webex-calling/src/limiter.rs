//! How many requests a client keeps in flight: a fixed number, or a limit
//! that finds the server's capacity by itself.
//!
//! The adaptive limit is AIMD (additive increase, multiplicative decrease),
//! the scheme TCP congestion control uses (Jacobson, "Congestion Avoidance and
//! Control", 1988; RFC 5681), with two refinements from the same family:
//!
//! * **Slow start, then a remembered ceiling.** The limit starts at 104 and,
//!   without pushback, grows by a fifth every round trip (doubling every
//!   round trip below 128), and never faster than a doubling per 500 ms, up
//!   to 384, until the server pushes back. A 429 or 423 (or a 503 while
//!   503s are a quarter of the answers) cuts the limit to 70 %
//!   and remembers where it was (TCP's `ssthresh`), cutting further, by
//!   Little's law, to the rate the server accepted over the last second
//!   times the quiet round trip. From then on it grows by the clock, one per
//!   250 ms, and one every five seconds near the remembered ceiling: each
//!   overshoot costs everyone a `Retry-After` pause, so it settles just under
//!   the server's limit instead of sawing through it. Webex limits each
//!   token's request rate, and at a fixed latency the right number in flight
//!   is rate × latency, which is exactly what this converges to.
//!
//!   Why these numbers: a rate limit with a burst allowance looks unlimited
//!   until the allowance is spent, and then every request sent in the round
//!   trip before the first 429 comes back is refused: the limit at that
//!   moment is what the overshoot costs. A high start with slow growth
//!   keeps that moment's limit low and still fills an unlimited server's
//!   pipe within a few round trips (`limiter/sim.rs` measures both on a
//!   simulated clock; `scripts/bench-adaptive.sh` against the mock). The
//!   bound sits above 256 so that a slow but unlimited server is not held
//!   below what a fixed 256 gets once the ramp is paid for; a start below
//!   128 shrinks the first overshoot (a sweep on the simulator: 104 and 384
//!   against 128 and 256 took the throttled share at 150 ms and 250/s from
//!   4.5 % to 4.0 %, at 20 ms and 1000/s from 4.6 % to 3.9 %, and 3,000
//!   unlimited reads at 150 ms from 1.17x to 1.00x of a fixed 256).
//! * **A full pipe ends slow start** (BBR's check): when three round trips
//!   in a row answer no faster than the best one although the limit has
//!   grown a quarter past that round's, the extra requests only wait in a
//!   queue, and the limit goes back to the best round's, as if the server
//!   had pushed back there. A server (or client) short of CPU shows this
//!   and nothing else: 100,000 reads from the mock on loopback took 1.08x
//!   and 1.13x the time of a fixed 64 with it, 1.20x both times without
//!   (medians of three and of five interleaved runs).
//! * **Latency as early pushback** (as in Vegas and Netflix's
//!   concurrency-limits gradient): a round trip three times the quietest one
//!   seen, and at least 20 ms longer, means queues are building, and the
//!   limit is cut by 10 %. The absolute margin keeps loopback noise (tenths of
//!   a millisecond) from reading as congestion.
//!
//! At most one cut per round trip: the responses of one overshoot arrive
//! together and must not cut the limit once each.
//!
//! The decision logic is a pure state machine on caller-given instants, so it
//! is tested on a simulated clock; [`Limiter`] wraps it for async use.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// How many requests a client keeps in flight.
///
/// ```
/// use webex_calling::Concurrency;
/// let webex = webex_calling::Webex::builder().token("t").concurrency(Concurrency::Fixed(8)).build()?;
/// assert_eq!(webex.stats().concurrency_limit, 8);
/// # Ok::<(), webex_calling::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Concurrency {
    /// Find the limit by itself (the default): grow while the server keeps
    /// up, back off when it pushes back (429, 423, 503) or slows down.
    #[default]
    Auto,
    /// Exactly this many at most (0 is treated as 1).
    Fixed(usize),
}

/// The most requests an adaptive limit allows in flight.
pub(crate) const AUTO_MAX: usize = 384;
/// Where an adaptive limit starts.
const AUTO_START: f64 = 104.0;
/// Below this, slow start doubles the limit every round trip...
const FAST_START_BELOW: f64 = 128.0;
/// ... and from here grows by this share of itself per round trip.
const SLOW_START_GAIN: f64 = 0.2;
/// Slow start doubles the limit at most this often, whatever the round trip.
const SLOW_START_DOUBLING: Duration = Duration::from_millis(500);
/// The multiplicative decrease on pushback.
const BACKOFF: f64 = 0.7;
/// The multiplicative decrease when latency rises.
const LATENCY_BACKOFF: f64 = 0.9;
/// After pushback, how often the limit may grow by one below the old ceiling...
const PROBE_BELOW_CEILING: Duration = Duration::from_millis(250);
/// ... and near it.
const PROBE_NEAR_CEILING: Duration = Duration::from_secs(5);
/// Round trips this many times the baseline mean queues are building...
const LATENCY_FACTOR: u32 = 3;
/// ... provided they are also this much longer.
const LATENCY_MARGIN: Duration = Duration::from_millis(20);
/// Cuts in a row with nothing answered between them that make a storm.
const STORM_CUTS: u32 = 3;
/// A round trip's answer rate must beat the best round's by this factor to
/// count as growth...
const FULL_PIPE_RATE_GAIN: f64 = 1.1;
/// ... and rounds that fail to, while the limit is at least this factor past
/// the best round's limit, ...
const FULL_PIPE_LIMIT_GAIN: f64 = 1.25;
/// ... this many times mean the pipe is full.
const FULL_PIPE_ROUNDS: u32 = 3;

/// How much of the 503 share's moving average one answer is.
const UNAVAILABLE_WEIGHT: f64 = 1.0 / 16.0;
/// The share of recent answers that must be 503 for a 503 to be pushback:
/// five in a row from none reach it. A server short of capacity answers
/// most requests so; one with sporadic failures (7.5% of answers at a 30%
/// rate of random 5xx) rarely gets near it, and cutting the limit for those
/// collapsed it to a few requests (a run eight times slower than a fixed
/// limit of 64). A `Retry-After` on a sporadic 503 is honoured by that
/// request's retry; it does not make the 503 pushback for everyone.
const UNAVAILABLE_SHARE: f64 = 0.25;

/// What came of one request, as the limit sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sample {
    /// An answer that was not pushback (success or an ordinary error).
    Answered,
    /// The server pushed back: 429 or 423.
    PushedBack,
    /// A 503: pushback when the server gives many of them (see
    /// [`UNAVAILABLE_SHARE`]), else, like no answer, nothing about capacity.
    Unavailable,
    /// No answer (transport error, timeout): says nothing about capacity.
    Unanswered,
}

/// The adaptive limit's state machine.
#[derive(Debug, Clone)]
pub(crate) struct Aimd {
    /// Where slow start began.
    start: f64,
    limit: f64,
    min: f64,
    max: f64,
    /// The limit at the last pushback, or where a full pipe ended slow start.
    ceiling: Option<f64>,
    /// The quietest round trip seen, drifting slowly up so a lasting change
    /// in latency is learnt.
    baseline: Option<Duration>,
    last_cut: Option<Instant>,
    /// Answers of the last second, for the accepted rate.
    window: RateWindow,
    last_growth: Option<Instant>,
    slow_start: Option<Instant>,
    /// Cuts since the last answer that was not pushback.
    quiet_cuts: u32,
    /// The limit before the first of those cuts.
    before_episode: f64,
    /// Slow start's answer rate per round trip, for the full-pipe check.
    rounds: Rounds,
    /// The share of recent answers that were 503, a moving average.
    unavailable: f64,
}

impl Aimd {
    pub(crate) fn new(start: f64, min: f64, max: f64) -> Self {
        Self {
            start: start.clamp(min, max),
            limit: start.clamp(min, max),
            min,
            max,
            ceiling: None,
            baseline: None,
            last_cut: None,
            window: RateWindow::default(),
            last_growth: None,
            slow_start: None,
            quiet_cuts: 0,
            before_episode: start.clamp(min, max),
            rounds: Rounds::default(),
            unavailable: 0.0,
        }
    }

    /// The limit now, as a whole number of requests.
    pub(crate) fn limit(&self) -> usize {
        self.limit.floor() as usize
    }

    /// Takes one request's outcome; `in_flight` is how many others were in
    /// flight when it came (growth only counts when the limit is in use).
    /// Returns the new limit when it changed.
    pub(crate) fn on_sample(
        &mut self,
        now: Instant,
        rtt: Duration,
        sample: Sample,
        in_flight: usize,
    ) -> Option<usize> {
        let before = self.limit();
        match self.pushback_or_not(sample) {
            Sample::Unanswered => return None,
            Sample::PushedBack => {
                if self.may_cut(now, rtt) {
                    // Only a cut after answers marks where the server's
                    // capacity is; the cuts of a storm (nothing answered
                    // between them) must not lower the ceiling to nothing.
                    if self.quiet_cuts == 0 {
                        self.ceiling = Some(self.limit);
                        self.before_episode = self.limit;
                    }
                    self.quiet_cuts = self.quiet_cuts.saturating_add(1);
                    self.cut(now, BACKOFF);
                    // Little's law: the rate the server did accept times the
                    // quiet round trip is the most worth having in flight.
                    // After a burst (slow start, or a bucket that was full)
                    // this cuts straight to it instead of halving for seconds.
                    if let (Some(rate), Some(baseline)) = (self.window.rate(now), self.baseline) {
                        let fitting = (rate * baseline.as_secs_f64()).max(self.min);
                        self.limit = self.limit.min(fitting.max(1.0));
                    }
                }
            }
            Sample::Answered | Sample::Unavailable => {
                if self.quiet_cuts >= STORM_CUTS {
                    self.after_storm();
                }
                self.quiet_cuts = 0;
                self.window.count(now);
                let baseline = self.learn_baseline(rtt);
                let congested = rtt > baseline * LATENCY_FACTOR && rtt > baseline + LATENCY_MARGIN;
                if self.pipe_filled(now, rtt) {
                    // Back where the rate stopped growing, which is cut enough.
                } else if congested {
                    if self.may_cut(now, rtt) {
                        self.cut(now, LATENCY_BACKOFF);
                    }
                } else if in_flight as f64 + 1.0 >= self.limit * 0.5 {
                    self.grow(now);
                }
            }
        }
        let after = self.limit();
        (after != before).then_some(after)
    }

    /// A 503 as pushback or as no sign at all, by how many of the recent
    /// answers were 503. Not as an ordinary answer: a load balancer's 503
    /// comes back faster than any real answer, and taken for the quiet
    /// round trip it would make every later answer look congested.
    fn pushback_or_not(&mut self, sample: Sample) -> Sample {
        match sample {
            Sample::Unanswered => sample,
            Sample::Unavailable => {
                self.unavailable += (1.0 - self.unavailable) * UNAVAILABLE_WEIGHT;
                if self.unavailable >= UNAVAILABLE_SHARE {
                    Sample::PushedBack
                } else {
                    Sample::Unanswered
                }
            }
            Sample::Answered | Sample::PushedBack => {
                self.unavailable -= self.unavailable * UNAVAILABLE_WEIGHT;
                sample
            }
        }
    }

    /// The first answer after a storm (pushback round after round with
    /// nothing answered): the storm said nothing about capacity, so the
    /// limit starts again from most of where it was before, in slow start,
    /// as TCP does after a timeout. A storm of N seconds then costs about N
    /// seconds, not a minute of creeping back by one a second.
    fn after_storm(&mut self) {
        let resume = (self.before_episode * BACKOFF).max(self.limit);
        self.limit = resume.clamp(self.min, self.max);
        self.start = self.limit;
        self.ceiling = None;
        self.slow_start = None;
        self.last_growth = None;
        self.rounds = Rounds::default();
    }

    /// Slow start's full-pipe check (BBR's, Cardwell et al., "BBR:
    /// Congestion-Based Congestion Control", 2016): when round after round
    /// the answers come no faster although the limit has grown well past
    /// that of the best round, the extra requests only queue (a server, or
    /// this client, that is short of CPU rather than of rate allowance: the
    /// latency check's margin is too coarse to see it on a fast network).
    /// The limit goes back to the best round's and slow start ends, with
    /// that limit as the ceiling. Returns whether that happened now.
    fn pipe_filled(&mut self, now: Instant, rtt: Duration) -> bool {
        if self.ceiling.is_some() {
            return false;
        }
        let sent = now.checked_sub(rtt).unwrap_or(now);
        let Some(best_limit) = self.rounds.on_answer(now, sent, self.limit) else {
            return false;
        };
        self.limit = best_limit.clamp(self.min, self.max);
        self.ceiling = Some(self.limit);
        self.before_episode = self.limit;
        self.last_growth = Some(now);
        tracing::debug!(
            limit = self.limit(),
            baseline_us = self.baseline.map(|b| b.as_micros() as u64),
            best_rate = self.rounds.best.map(|b| b.0 as u64),
            "the answer rate stopped growing: slow start ends"
        );
        true
    }

    fn learn_baseline(&mut self, rtt: Duration) -> Duration {
        let baseline = match self.baseline {
            None => rtt,
            Some(old) if rtt < old => rtt,
            // A thousandth of the way up per sample.
            Some(old) => old + (rtt - old) / 1000,
        };
        self.baseline = Some(baseline);
        baseline
    }

    fn grow(&mut self, now: Instant) {
        let Some(ceiling) = self.ceiling else {
            // Slow start: one per success doubles the limit every round trip,
            // a fifth of one grows it by a fifth. Never faster than a doubling
            // per SLOW_START_DOUBLING, so a fast server's burst allowance does
            // not run the limit far past its real rate.
            let since = *self.slow_start.get_or_insert(now);
            let doublings = now.saturating_duration_since(since).as_secs_f64()
                / SLOW_START_DOUBLING.as_secs_f64();
            let allowed = self.start * 2f64.powf(doublings.min(16.0));
            let gain = if self.limit < FAST_START_BELOW {
                1.0
            } else {
                SLOW_START_GAIN
            };
            self.limit = (self.limit + gain)
                .min(allowed.max(self.limit))
                .min(self.max);
            return;
        };
        // Once the server has pushed back, growth is by the clock, not by
        // round trips: each overshoot costs a pause of its Retry-After (a
        // second or more), so probing must be rare. Four a second below the
        // old ceiling, one every five seconds near it.
        let every = if self.limit >= ceiling * 0.9 {
            PROBE_NEAR_CEILING
        } else {
            PROBE_BELOW_CEILING
        };
        let last = *self.last_growth.get_or_insert(now);
        if now.saturating_duration_since(last) >= every {
            self.limit = (self.limit + 1.0).min(self.max);
            self.last_growth = Some(now);
        }
    }

    fn may_cut(&self, now: Instant, rtt: Duration) -> bool {
        let window = rtt.max(Duration::from_millis(50));
        self.last_cut
            .is_none_or(|last| now.saturating_duration_since(last) >= window)
    }

    fn cut(&mut self, now: Instant, factor: f64) {
        self.limit = (self.limit * factor).max(self.min);
        self.last_cut = Some(now);
    }
}

/// Answers per round trip in slow start, and the best such rate so far.
///
/// A round begins with an answer and ends with the first answer to a
/// request sent after it began (BBR's round counting), so it lasts one
/// round trip at the latency of the moment, queues included.
#[derive(Debug, Clone, Copy, Default)]
struct Rounds {
    start: Option<Instant>,
    /// The limit when the round began: about what was in flight, and so
    /// what this round answers.
    start_limit: f64,
    answers: u32,
    /// The best round's answers per second, and the limit it began with.
    best: Option<(f64, f64)>,
    /// Rounds since the best that did not beat it, with the limit well past its.
    stalled: u32,
}

impl Rounds {
    /// Counts an answer to a request sent at `sent`, under `limit`. Returns
    /// the best round's limit once the pipe is full.
    fn on_answer(&mut self, now: Instant, sent: Instant, limit: f64) -> Option<f64> {
        let Some(start) = self.start else {
            self.start = Some(now);
            self.start_limit = limit;
            self.answers = 1;
            return None;
        };
        self.answers = self.answers.saturating_add(1);
        let elapsed = now.saturating_duration_since(start);
        if sent < start || elapsed.is_zero() {
            return None;
        }
        let rate = f64::from(self.answers) / elapsed.as_secs_f64();
        let round_limit = self.start_limit;
        self.start = Some(now);
        self.start_limit = limit;
        self.answers = 0;
        match self.best {
            Some((best_rate, best_limit)) if rate < best_rate * FULL_PIPE_RATE_GAIN => {
                if limit >= best_limit * FULL_PIPE_LIMIT_GAIN {
                    self.stalled += 1;
                }
                (self.stalled >= FULL_PIPE_ROUNDS).then_some(best_limit)
            }
            _ => {
                self.best = Some((rate, round_limit));
                self.stalled = 0;
                None
            }
        }
    }
}

/// Answers counted in one-second windows, for the rate the server accepts.
///
/// The rate is the answers of the last second: those of the current window,
/// plus those of the window before, weighted by how much of it still lies
/// within that second (the sliding-window estimate), always divided by a
/// whole second. Dividing by less, right after the start or a pause, would
/// read a server's burst allowance (a full bucket emptied in a fraction of a
/// second) as its rate, and the cut that follows would leave far too many
/// requests in flight for the next round.
#[derive(Debug, Clone, Copy, Default)]
struct RateWindow {
    start: Option<Instant>,
    current: u32,
    previous: u32,
}

impl RateWindow {
    fn count(&mut self, now: Instant) {
        self.roll(now);
        self.current = self.current.saturating_add(1);
    }

    /// Moves the window on so that it holds `now`.
    fn roll(&mut self, now: Instant) {
        let Some(start) = self.start else {
            self.start = Some(now);
            return;
        };
        let windows = now.saturating_duration_since(start).as_secs();
        if windows == 0 {
            return;
        }
        self.previous = if windows == 1 { self.current } else { 0 };
        self.current = 0;
        self.start = Some(start + Duration::from_secs(windows));
    }

    /// Answers per second over the second before `now`; `None` before the first.
    fn rate(&self, now: Instant) -> Option<f64> {
        self.start?;
        let mut window = *self;
        window.roll(now);
        let into = now.saturating_duration_since(window.start?).as_secs_f64();
        let answers =
            f64::from(window.previous) * (1.0 - into).max(0.0) + f64::from(window.current);
        // Over one second: answers per second.
        Some(answers)
    }
}

/// The in-flight limit of one client, shared by all its requests.
#[derive(Debug)]
pub(crate) struct Limiter {
    in_flight: AtomicUsize,
    /// The limit now (adaptive) or always (fixed).
    limit: AtomicUsize,
    adaptive: Option<Mutex<Aimd>>,
    freed: Notify,
}

impl Limiter {
    pub(crate) fn new(concurrency: Concurrency) -> Self {
        let (limit, adaptive) = match concurrency {
            Concurrency::Fixed(n) => (n.max(1), None),
            Concurrency::Auto => {
                let aimd = Aimd::new(AUTO_START, 1.0, AUTO_MAX as f64);
                (aimd.limit(), Some(Mutex::new(aimd)))
            }
        };
        Self {
            in_flight: AtomicUsize::new(0),
            limit: AtomicUsize::new(limit),
            adaptive,
            freed: Notify::new(),
        }
    }

    /// The limit now.
    pub(crate) fn limit(&self) -> usize {
        self.limit.load(Ordering::Relaxed)
    }

    /// The most the limit can ever be: how many operations are worth starting at once.
    pub(crate) fn max(&self) -> usize {
        match self.adaptive {
            Some(_) => AUTO_MAX,
            None => self.limit(),
        }
    }

    /// Waits for room under the limit.
    pub(crate) async fn acquire(&self) -> Permit<'_> {
        loop {
            // Registered before the check, so a release in between is not missed.
            let freed = self.freed.notified();
            let current = self.in_flight.load(Ordering::Acquire);
            if current < self.limit()
                && self
                    .in_flight
                    .compare_exchange(current, current + 1, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
            {
                return Permit { limiter: self };
            }
            if current < self.limit() {
                continue;
            }
            freed.await;
        }
    }

    fn release(&self) {
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.freed.notify_one();
    }

    fn record(&self, sent_at: Instant, sample: Sample) {
        let Some(adaptive) = &self.adaptive else {
            return;
        };
        let now = Instant::now();
        let rtt = now.saturating_duration_since(sent_at);
        // In flight now (this request included): whether the limit is in
        // use when the answer comes. Counting at send time instead would
        // hold back growth for the whole first round trip, whose first
        // requests were sent with few others in flight.
        let in_flight = self.in_flight.load(Ordering::Acquire);
        let mut aimd = adaptive
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(limit) = aimd.on_sample(now, rtt, sample, in_flight.saturating_sub(1)) {
            let grew = limit > self.limit.swap(limit, Ordering::Relaxed);
            tracing::debug!(
                limit,
                ?sample,
                rtt_ms = rtt.as_millis() as u64,
                "concurrency limit changed"
            );
            if grew {
                // Room for more: wake as many waiters as there are new slots.
                self.freed.notify_waiters();
            }
        }
    }
}

/// Room for one request under the limit; given back when dropped.
#[derive(Debug)]
pub(crate) struct Permit<'a> {
    limiter: &'a Limiter,
}

impl Permit<'_> {
    /// Tells the limit how the request sent at `sent_at` went, then gives
    /// the room back. The caller's send time, not the permit's: it reads the
    /// clock once per attempt for all its uses.
    pub(crate) fn finish(self, sent_at: Instant, sample: Sample) {
        self.limiter.record(sent_at, sample);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.limiter.release();
    }
}

#[cfg(test)]
mod sim;

#[cfg(test)]
mod tests {
    use super::*;

    const RTT: Duration = Duration::from_millis(100);

    /// Feeds `n` answered samples one round trip's worth at a time, as a
    /// saturated client would, and returns the clock.
    fn answer(aimd: &mut Aimd, now: Instant, rounds: usize) -> Instant {
        answer_every(aimd, now, rounds, RTT)
    }

    /// As [`answer`], with round trips of `rtt`.
    fn answer_every(aimd: &mut Aimd, mut now: Instant, rounds: usize, rtt: Duration) -> Instant {
        for _ in 0..rounds {
            let limit = aimd.limit();
            for _ in 0..limit {
                aimd.on_sample(now, rtt, Sample::Answered, limit);
            }
            now += rtt;
        }
        now
    }

    #[test]
    fn grows_without_pressure_up_to_its_bound() {
        let mut aimd = Aimd::new(8.0, 1.0, 256.0);
        let rtt = SLOW_START_DOUBLING;
        // The first round's answers come at the start's instant: no growth yet.
        let now = answer_every(&mut aimd, Instant::now(), 4, rtt);
        assert_eq!(
            aimd.limit(),
            64,
            "below 128 slow start doubles every round trip"
        );
        let now = answer_every(&mut aimd, now, 2, rtt);
        assert_eq!(aimd.limit(), 153, "from 128 on it grows by a fifth");
        answer_every(&mut aimd, now, 10, rtt);
        assert_eq!(aimd.limit(), 256, "never above its bound");
        // A fast server (1 ms round trips) is not outrun: at most a doubling
        // per SLOW_START_DOUBLING.
        let mut fast = Aimd::new(8.0, 1.0, 256.0);
        let start = Instant::now();
        for _ in 0..1000 {
            fast.on_sample(start, Duration::from_millis(1), Sample::Answered, 256);
        }
        assert_eq!(fast.limit(), 8);
    }

    #[test]
    fn an_idle_client_does_not_grow() {
        let mut aimd = Aimd::new(8.0, 1.0, 256.0);
        let now = Instant::now();
        for _ in 0..100 {
            aimd.on_sample(now, RTT, Sample::Answered, 1);
        }
        assert_eq!(aimd.limit(), 8);
    }

    #[test]
    fn shrinks_once_per_round_trip_on_pushback_and_stays_in_bounds() {
        let mut aimd = Aimd::new(100.0, 1.0, 256.0);
        let now = Instant::now();
        // A burst of 429s from one overshoot: one cut.
        for _ in 0..50 {
            aimd.on_sample(now, RTT, Sample::PushedBack, 100);
        }
        assert_eq!(aimd.limit(), 70);
        // Pushback round after round: down to the floor, never below.
        let mut now = now;
        for _ in 0..100 {
            now += RTT;
            aimd.on_sample(now, RTT, Sample::PushedBack, 10);
        }
        assert_eq!(aimd.limit(), 1);
    }

    #[test]
    fn sporadic_503s_are_errors_and_a_run_of_them_is_pushback() {
        // One answer in thirteen a 503 (a 30% rate of random 5xx, a quarter
        // of them 503), spread evenly, and answered at once as a load
        // balancer does: the limit is left alone (not cut for congestion
        // against a round trip the 503s set).
        let mut aimd = Aimd::new(64.0, 1.0, 256.0);
        let mut now = Instant::now();
        for round in 0..200 {
            for n in 0..64 {
                if (round * 64 + n) % 13 == 0 {
                    aimd.on_sample(now, Duration::from_millis(1), Sample::Unavailable, 64);
                } else {
                    aimd.on_sample(now, RTT, Sample::Answered, 64);
                }
            }
            now += RTT;
        }
        assert!(aimd.limit() >= 64, "fell to {}", aimd.limit());
        // A server that answers 503 to everything is short of capacity.
        let before = aimd.limit();
        for _ in 0..5 {
            aimd.on_sample(now, RTT, Sample::Unavailable, before);
        }
        assert!(aimd.limit() < before, "still {}", aimd.limit());
        // ... as 429 is, at once.
        let mut throttled = Aimd::new(64.0, 1.0, 256.0);
        throttled.on_sample(now, RTT, Sample::PushedBack, 64);
        assert!(throttled.limit() < 64);
    }

    #[test]
    fn recovers_after_pressure_and_settles_under_the_old_ceiling() {
        let mut aimd = Aimd::new(8.0, 1.0, 256.0);
        let mut now = answer(&mut aimd, Instant::now(), 3);
        // The server's capacity is 50: above it, it pushes back. Ten
        // simulated minutes.
        let mut pushed_back = 0;
        for round in 0..6000 {
            let limit = aimd.limit();
            let sample = if limit > 50 {
                Sample::PushedBack
            } else {
                Sample::Answered
            };
            if round >= 3000 && sample == Sample::PushedBack {
                pushed_back += 1;
            }
            for _ in 0..limit {
                aimd.on_sample(now, RTT, sample, limit);
            }
            now += RTT;
        }
        let limit = aimd.limit();
        assert!((35..=51).contains(&limit), "settled at {limit}");
        // Sits under the limit rather than oscillating through it.
        assert!(
            pushed_back <= 3000 / 100,
            "{pushed_back} rounds of pushback"
        );
    }

    #[test]
    fn after_a_storm_the_limit_is_back_within_a_second() {
        let mut aimd = Aimd::new(32.0, 1.0, 256.0);
        // No capacity limit: slow start runs to the bound.
        let mut now = answer(&mut aimd, Instant::now(), 20);
        let before = aimd.limit();
        assert_eq!(before, 256);
        // An 8-second storm: every answer is pushback.
        for _ in 0..80 {
            let limit = aimd.limit();
            for _ in 0..limit {
                aimd.on_sample(now, RTT, Sample::PushedBack, limit);
            }
            now += RTT;
        }
        assert!(aimd.limit() <= 2, "collapsed to {}", aimd.limit());
        // Calm again: back to most of the old level within ten round trips.
        answer(&mut aimd, now, 10);
        assert!(
            aimd.limit() as f64 >= before as f64 * 0.9,
            "only {} after a second",
            aimd.limit()
        );
    }

    #[test]
    fn the_rate_is_the_last_seconds_answers_not_a_bursts_pace() {
        let mut window = RateWindow::default();
        let start = Instant::now();
        assert_eq!(window.rate(start), None);
        // A bucket of 300 emptied in 200 ms: 300 a second, not 1,500.
        for i in 0..300u64 {
            window.count(start + Duration::from_micros(i * 666));
        }
        let rate = |window: &RateWindow, ms| window.rate(start + Duration::from_millis(ms));
        assert_eq!(rate(&window, 200), Some(300.0));
        // Half of that window still lies within the last second.
        assert_eq!(rate(&window, 1500), Some(150.0));
        assert_eq!(rate(&window, 2500), Some(0.0));
    }

    #[test]
    fn unanswered_requests_say_nothing() {
        let mut aimd = Aimd::new(20.0, 1.0, 256.0);
        assert_eq!(
            aimd.on_sample(Instant::now(), RTT, Sample::Unanswered, 20),
            None
        );
        assert_eq!(aimd.limit(), 20);
    }

    #[test]
    fn rising_latency_is_pushback_but_loopback_noise_is_not() {
        let mut aimd = Aimd::new(100.0, 1.0, 256.0);
        let now = Instant::now();
        aimd.on_sample(now, Duration::from_micros(200), Sample::Answered, 100);
        // Three times slower but only a millisecond: noise.
        aimd.on_sample(now, Duration::from_micros(900), Sample::Answered, 100);
        let before = aimd.limit();
        assert!(before >= 100, "noise is no pushback: {before}");
        // Queues building: 25 ms against a 0.2 ms baseline.
        aimd.on_sample(now, Duration::from_millis(25), Sample::Answered, 100);
        assert_eq!(aimd.limit(), (before as f64 * 0.9) as usize);
    }

    #[tokio::test(start_paused = true)]
    async fn the_limiter_holds_requests_to_its_limit() {
        let limiter = std::sync::Arc::new(Limiter::new(Concurrency::Fixed(2)));
        let first = limiter.acquire().await;
        let _second = limiter.acquire().await;
        let waiting = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                let _permit = limiter.acquire().await;
            }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "a third must wait");
        first.finish(Instant::now(), Sample::Answered);
        waiting.await.expect("the third gets the freed room");
    }

    /// The rows of `scripts/bench-adaptive.sh` against a simulated server
    /// (a token bucket holding a second of its rate, as the mock's does).
    /// Figures today (`--nocapture` prints them): 4.0 %, 2.1 % and 3.9 %
    /// throttled, 1.03x, 1.09x and 0.86x the ideal time (the burst allowance
    /// lets a run beat rate × ids). With a start of 128: 4.5 %, 2.9 % and
    /// 4.6 %; before the slower ramp and the one-second rate window: 8.4 %,
    /// 5.5 % and 9.1 %, and 1.24x at 150 ms.
    /// Issue 19 asks for 5 % and 1.15x.
    #[test]
    fn under_a_rate_limit_the_run_keeps_pace_with_little_pushback() {
        for (ms, rate) in [(150, 250.0), (400, 100.0), (20, 1000.0)] {
            let server = sim::Server {
                latency: Duration::from_millis(ms),
                rate: Some(rate),
                capacity: None,
                jitter: Duration::ZERO,
            };
            let run = sim::run(&server, sim::Limit::Auto, 3000);
            let ideal = 3000.0 / rate;
            println!(
                "{ms} ms, {rate}/s: {:.1} % throttled, {:.2}x the ideal",
                f64::from(run.throttled) / 30.0,
                run.elapsed.as_secs_f64() / ideal
            );
            assert!(
                run.throttled <= 180,
                "{ms} ms, {rate}/s: {} of 3000 throttled",
                run.throttled
            );
            assert!(
                run.elapsed.as_secs_f64() <= ideal * 1.15,
                "{ms} ms, {rate}/s: {:?} against an ideal of {ideal} s",
                run.elapsed
            );
        }
    }

    /// What the limit is for: a client that keeps 256 in flight against
    /// 300/s at 20 ms is throttled on 1,000 of 1,500 reads; the limit, on
    /// about a tenth of them (141; `tests/adaptive.rs` runs the same
    /// against the real mock).
    #[test]
    fn the_limit_spares_most_of_the_pushback_a_fixed_one_gets() {
        let server = sim::Server {
            latency: Duration::from_millis(20),
            rate: Some(300.0),
            capacity: None,
            jitter: Duration::ZERO,
        };
        let auto = sim::run(&server, sim::Limit::Auto, 1500);
        let fixed = sim::run(&server, sim::Limit::Fixed(256), 1500);
        assert!(
            auto.throttled * 4 <= fixed.throttled,
            "auto {} against fixed {}",
            auto.throttled,
            fixed.throttled
        );
    }

    /// Without a rate limit the limit must find the concurrency the server
    /// allows: 3,000 reads at 150 ms, against the best fixed limit of the
    /// bench (256). Today 1.00x (1.17x with the old start of 128 and bound
    /// of 256, 1.25x with a start of 32; issue 19 asks for 1.15x). The same
    /// with Webex-like round trips of 100 to 300 ms (0.95x): rounds that end
    /// early or late must not read as a flat rate and end slow start before
    /// the pipe is full.
    #[test]
    fn without_a_rate_limit_the_run_nears_the_best_fixed_limit() {
        for (ms, jitter_ms) in [(150, 0), (100, 200)] {
            let server = sim::Server {
                latency: Duration::from_millis(ms),
                rate: None,
                capacity: None,
                jitter: Duration::from_millis(jitter_ms),
            };
            let auto = sim::run(&server, sim::Limit::Auto, 3000);
            let best = sim::run(&server, sim::Limit::Fixed(256), 3000);
            println!(
                "{ms} ms + up to {jitter_ms} ms: limit {}, {:.2}x fixed 256",
                auto.limit,
                auto.elapsed.as_secs_f64() / best.elapsed.as_secs_f64()
            );
            assert_eq!(auto.throttled, 0);
            assert!(
                auto.elapsed.as_secs_f64() <= best.elapsed.as_secs_f64() * 1.15,
                "{ms} ms + up to {jitter_ms} ms: {:?} against {:?}",
                auto.elapsed,
                best.elapsed
            );
        }
    }

    /// A server short of CPU (40,000 answers a second, as the mock on
    /// loopback is) answers no faster for more in flight, only later: the
    /// limit stops where the rate stopped growing instead of queueing up to
    /// its bound, which on two shared cores costs the client time too
    /// (`scripts/bench-adaptive.sh`, the 0 ms row). Without the full-pipe
    /// check the limit ends at 207 here (slow start's doubling per 500 ms).
    #[test]
    fn when_the_rate_stops_growing_slow_start_ends() {
        let server = sim::Server {
            latency: Duration::from_micros(200),
            rate: None,
            capacity: Some(40_000.0),
            jitter: Duration::ZERO,
        };
        let auto = sim::run(&server, sim::Limit::Auto, 20_000);
        let fixed = sim::run(&server, sim::Limit::Fixed(64), 20_000);
        println!(
            "40,000/s: limit {}, {:.3}x fixed 64",
            auto.limit,
            auto.elapsed.as_secs_f64() / fixed.elapsed.as_secs_f64()
        );
        assert!(
            auto.limit <= AUTO_START as usize + 10,
            "grew to {} with the rate flat",
            auto.limit
        );
        assert!(
            auto.elapsed.as_secs_f64() <= fixed.elapsed.as_secs_f64() * 1.01,
            "{:?} against {:?}",
            auto.elapsed,
            fixed.elapsed
        );
    }
}
