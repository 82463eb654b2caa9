//! Telling a run the server will not let finish from one that is merely
//! slow. Pushback (429, 423, 503) is normally waited out; but when the
//! server asks, answer after answer, for waits beyond what this client
//! honours, or lets nothing through for minutes, going on only collects
//! more pushback: a bulk run should stop and say so, as it does for a dead
//! server, instead of creeping on for hours.

use crate::error::human;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// Pushback answers in a row asking for more than the cap that make a
/// client stalled: one such answer may be a fluke; three in a row, with
/// nothing let through between them, is the server's policy.
const BEYOND_CAP_IN_A_ROW: u32 = 3;

/// Why a client's requests are not getting through: every answer since
/// [`since`](Self::since) ago has been pushback (429, 423 or 503), and the
/// server asks for waits beyond [`cap`](Self::cap) or has kept it up for the
/// policy's [`stall_after`](crate::RetryPolicy::stall_after).
/// From [`Webex::stalled`](crate::Webex::stalled).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stalled {
    /// How long ago the first of these pushbacks came.
    pub since: Duration,
    /// Pushback answers since then.
    pub pushbacks: u32,
    /// The longest wait the server asked for (`Retry-After`), if it gave one.
    pub retry_after: Option<Duration>,
    /// The longest `Retry-After` this client waits out
    /// ([`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after)).
    pub cap: Duration,
}

impl Stalled {
    /// Whether the server asks for waits beyond the cap (rather than
    /// throttling within it for too long).
    pub fn beyond_cap(&self) -> bool {
        self.retry_after.is_some_and(|wait| wait > self.cap)
    }
}

impl fmt::Display for Stalled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.retry_after {
            Some(wait) if wait > self.cap => write!(
                f,
                "the server answered {} requests in a row with 429, 423 or 503 and asks to \
                 wait {} (Retry-After: {} s), more than the {} this client waits",
                self.pushbacks,
                human(wait),
                wait.as_secs(),
                human(self.cap)
            ),
            wait => {
                write!(
                    f,
                    "the server has let no request through for {} ({} answers were 429, 423 or 503",
                    human(self.since),
                    self.pushbacks
                )?;
                match wait {
                    Some(wait) => write!(f, ", asking to wait up to {} each time)", human(wait)),
                    None => write!(f, ")"),
                }
            }
        }
    }
}

/// The pushback since the last answer that got through.
#[derive(Debug, Default)]
struct Episode {
    first: Option<Instant>,
    pushbacks: u32,
    beyond_cap_in_a_row: u32,
    longest: Option<Duration>,
    /// Whether a wait beyond the cap was logged.
    warned: bool,
}

/// Watches a client's answers for a stall; shared by all its requests.
#[derive(Debug)]
pub(crate) struct StallWatch {
    /// The fast path: whether the last answers were pushback at all.
    troubled: AtomicBool,
    episode: Mutex<Episode>,
    cap: Duration,
    window: Duration,
}

impl StallWatch {
    /// A watch for a client that waits out `cap` at most and calls a run
    /// of pushback `window` long a stall.
    pub(crate) fn new(cap: Duration, window: Duration) -> Self {
        Self {
            troubled: AtomicBool::new(false),
            episode: Mutex::new(Episode::default()),
            cap,
            window,
        }
    }

    fn episode(&self) -> std::sync::MutexGuard<'_, Episode> {
        self.episode
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// An answer that was not pushback: requests get through. One atomic
    /// load on the usual path.
    pub(crate) fn answered(&self) {
        // A load first: a swap on every answer would bounce the cache line
        // between cores for nothing.
        if self.troubled.load(Ordering::Acquire) && self.troubled.swap(false, Ordering::AcqRel) {
            *self.episode() = Episode::default();
        }
    }

    /// A pushback answer, with the wait it asked for. Whether it is the
    /// first of this episode to ask for more than the cap (worth a warning;
    /// the rest are not).
    pub(crate) fn pushed_back(&self, now: Instant, retry_after: Option<Duration>) -> bool {
        let mut episode = self.episode();
        self.troubled.store(true, Ordering::Release);
        episode.first.get_or_insert(now);
        episode.pushbacks = episode.pushbacks.saturating_add(1);
        episode.longest = episode.longest.max(retry_after);
        let beyond_cap = retry_after.is_some_and(|wait| wait > self.cap);
        let first_beyond_cap = beyond_cap && !episode.warned;
        episode.warned |= beyond_cap;
        if beyond_cap {
            episode.beyond_cap_in_a_row = episode.beyond_cap_in_a_row.saturating_add(1);
        } else {
            episode.beyond_cap_in_a_row = 0;
        }
        first_beyond_cap
    }

    /// The stall, when there is one at `now`.
    pub(crate) fn stalled(&self, now: Instant) -> Option<Stalled> {
        if !self.troubled.load(Ordering::Acquire) {
            return None;
        }
        let episode = self.episode();
        let since = now.saturating_duration_since(episode.first?);
        let stalled = episode.beyond_cap_in_a_row >= BEYOND_CAP_IN_A_ROW || since >= self.window;
        stalled.then(|| Stalled {
            since,
            pushbacks: episode.pushbacks,
            retry_after: episode.longest,
            cap: self.cap,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: Duration = Duration::from_secs(60);
    const WINDOW: Duration = Duration::from_secs(180);

    #[test]
    fn three_waits_beyond_the_cap_in_a_row_are_a_stall_and_an_answer_ends_it() {
        let watch = StallWatch::new(CAP, WINDOW);
        let now = Instant::now();
        let huge = Some(Duration::from_secs(100_000));
        watch.pushed_back(now, huge);
        watch.pushed_back(now, huge);
        assert_eq!(watch.stalled(now), None, "two may be a fluke");
        watch.pushed_back(now, huge);
        let stalled = watch.stalled(now).expect("three in a row");
        assert!(stalled.beyond_cap());
        let message = stalled.to_string();
        assert!(message.contains("Retry-After: 100000 s"), "{message}");
        assert!(message.contains("27 h 46 min"), "{message}");
        watch.answered();
        assert_eq!(watch.stalled(now), None);
    }

    #[test]
    fn a_wait_within_the_cap_breaks_the_row() {
        let watch = StallWatch::new(CAP, WINDOW);
        let now = Instant::now();
        let huge = Some(Duration::from_secs(100_000));
        watch.pushed_back(now, huge);
        watch.pushed_back(now, huge);
        watch.pushed_back(now, Some(Duration::from_secs(1)));
        watch.pushed_back(now, huge);
        assert_eq!(watch.stalled(now), None);
    }

    #[test]
    fn pushback_within_the_cap_is_a_stall_only_after_the_window() {
        let watch = StallWatch::new(CAP, WINDOW);
        let start = Instant::now();
        let mut now = start;
        while now < start + WINDOW {
            watch.pushed_back(now, Some(CAP));
            assert_eq!(watch.stalled(now), None, "{:?}", now - start);
            now += Duration::from_secs(60);
        }
        watch.pushed_back(now, Some(CAP));
        let stalled = watch.stalled(now).expect("a window of pushback");
        assert!(!stalled.beyond_cap());
        assert_eq!(stalled.since, WINDOW);
        assert_eq!(stalled.pushbacks, 4);
    }
}
