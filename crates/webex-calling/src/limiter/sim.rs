//! A discrete-event simulation of a client driving [`Aimd`] against a server
//! with a fixed latency, a token-bucket rate limit that holds one second
//! of its rate (as the mock's does) and a capacity (requests it can work on
//! per second, one at a time), on a simulated clock: the throttled share,
//! the run time and the limit of the bench matrix, measured without wall
//! time, so the tests that use it fail only when the algorithm changes.

use super::{AUTO_MAX, AUTO_START, Aimd, Sample};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;
use tokio::time::Instant;

/// The server: answers after `latency`, pushing back once its bucket is empty.
pub(super) struct Server {
    pub(super) latency: Duration,
    /// Requests per second, `None` for no limit.
    pub(super) rate: Option<f64>,
    /// Requests it can work on per second, `None` for as many as come.
    pub(super) capacity: Option<f64>,
    /// Up to this much more latency, drawn for each request from a fixed
    /// pseudo-random sequence (the same every run).
    pub(super) jitter: Duration,
}

/// What a simulated run came to.
#[derive(Debug)]
pub(super) struct Run {
    pub(super) throttled: u32,
    pub(super) elapsed: Duration,
    /// The limit at the end.
    pub(super) limit: usize,
}

/// The limit a run uses: adaptive, or fixed at a number.
pub(super) enum Limit {
    Auto,
    Fixed(usize),
}

/// A token bucket as the mock's rate limiter keeps it (governor's GCRA with
/// a burst of one second's rate), starting full.
struct Bucket {
    rate: f64,
    tokens: f64,
    at: Instant,
}

impl Bucket {
    /// Takes a token at `now`, or says how long until there is one, in whole
    /// seconds rounded up, as the mock's `Retry-After` does.
    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.rate.max(1.0));
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - self.tokens) / self.rate;
        Err(Duration::from_secs((wait.ceil() as u64).max(1)))
    }
}

/// Reads `ids` ids (each until it succeeds) against `server`.
pub(super) fn run(server: &Server, limit: Limit, ids: u32) -> Run {
    let start = Instant::now();
    // The adaptive limit, or the fixed number (unused when adaptive).
    let (mut aimd, fixed) = match limit {
        Limit::Auto => (Some(Aimd::new(AUTO_START, 1.0, AUTO_MAX as f64)), 0),
        Limit::Fixed(n) => (None, n),
    };
    let mut bucket = server.rate.map(|rate| Bucket {
        rate,
        tokens: rate.max(1.0),
        at: start,
    });
    // Answers due, by time, with when they were sent; retries waiting, by
    // the time they may go again.
    let mut answers: BinaryHeap<Reverse<(Instant, Instant)>> = BinaryHeap::new();
    let mut retries: BinaryHeap<Reverse<Instant>> = BinaryHeap::new();
    let (mut ready, mut done, mut throttled) = (ids, 0, 0);
    let mut gate = start;
    let mut now = start;
    // When the server is done with the requests it has.
    let mut busy_until = start;
    let mut draws = Jitter(0x9E37_79B9_7F4A_7C15);
    while done < ids {
        let limit = aimd.as_ref().map_or(fixed, Aimd::limit);
        while ready > 0 && answers.len() < limit && now >= gate {
            ready -= 1;
            let served = match server.capacity {
                Some(capacity) => {
                    busy_until = busy_until.max(now) + Duration::from_secs_f64(1.0 / capacity);
                    busy_until
                }
                None => now,
            };
            let latency = server.latency + server.jitter.mul_f64(draws.next());
            answers.push(Reverse((served + latency, now)));
        }
        let next_answer = answers.peek().map(|r| r.0.0);
        let next_retry = retries.peek().map(|r| r.0);
        let gate_opens = (ready > 0 && gate > now).then_some(gate);
        let Some(next) = [next_answer, next_retry, gate_opens]
            .into_iter()
            .flatten()
            .min()
        else {
            break;
        };
        now = next;
        if next_retry == Some(now) {
            retries.pop();
            ready += 1;
            continue;
        }
        if next_answer != Some(now) {
            continue;
        }
        let Some(Reverse((_, sent))) = answers.pop() else {
            continue;
        };
        let verdict = bucket.as_mut().map_or(Ok(()), |bucket| bucket.take(now));
        let sample = match verdict {
            Ok(()) => {
                done += 1;
                Sample::Answered
            }
            Err(retry_after) => {
                throttled += 1;
                gate = gate.max(now + retry_after);
                retries.push(Reverse(now + retry_after));
                Sample::PushedBack
            }
        };
        if let Some(aimd) = aimd.as_mut() {
            aimd.on_sample(now, now - sent, sample, answers.len());
        }
    }
    Run {
        throttled,
        elapsed: now - start,
        limit: aimd.as_ref().map_or(fixed, Aimd::limit),
    }
}

/// xorshift64: uniform draws in [0, 1), reproducible.
struct Jitter(u64);

impl Jitter {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}
