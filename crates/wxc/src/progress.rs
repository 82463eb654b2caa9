//! The progress bar on stderr, and messages printed around it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use webex_calling::Outcome;
use webex_calling::Webex;

/// How often the counts in the bar are refreshed.
const TICK: Duration = Duration::from_millis(200);

/// Per-outcome counts of the records written so far.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    ok: AtomicU64,
    changed: AtomicU64,
    unchanged: AtomicU64,
    would_change: AtomicU64,
    failed: AtomicU64,
}

/// A snapshot of a [`Tally`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// `ok` records.
    pub(crate) ok: u64,
    /// `changed` records.
    pub(crate) changed: u64,
    /// `unchanged` records.
    pub(crate) unchanged: u64,
    /// `would-change` records.
    pub(crate) would_change: u64,
    /// `failed` records.
    pub(crate) failed: u64,
}

impl Counts {
    /// Records written.
    pub(crate) fn total(&self) -> u64 {
        self.ok + self.changed + self.unchanged + self.would_change + self.failed
    }

    /// Records that did not fail.
    pub(crate) fn succeeded(&self) -> u64 {
        self.total() - self.failed
    }
}

impl Tally {
    /// Counts one record.
    pub(crate) fn add(&self, outcome: Outcome) {
        // Relaxed: independent tallies, read only for display.
        self.counter(outcome).fetch_add(1, Ordering::Relaxed);
    }

    fn counter(&self, outcome: Outcome) -> &AtomicU64 {
        match outcome {
            Outcome::Ok => &self.ok,
            Outcome::Changed => &self.changed,
            Outcome::Unchanged => &self.unchanged,
            Outcome::WouldChange => &self.would_change,
            Outcome::Failed => &self.failed,
        }
    }

    /// Takes back one record of `outcome` (one that was never written).
    pub(crate) fn remove(&self, outcome: Outcome) {
        let counter = self.counter(outcome);
        // Never below zero: only a record once added is taken back.
        let _ = counter.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
    }

    /// The counts now.
    pub(crate) fn counts(&self) -> Counts {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Counts {
            ok: load(&self.ok),
            changed: load(&self.changed),
            unchanged: load(&self.unchanged),
            would_change: load(&self.would_change),
            failed: load(&self.failed),
        }
    }
}

/// The progress display: a bar when the length is known, a counter otherwise;
/// hidden unless enabled (stderr is a terminal and neither `-q` nor `-v`).
#[derive(Debug, Clone)]
pub(crate) struct Progress {
    bar: ProgressBar,
    quiet: bool,
    visible: bool,
}

impl Progress {
    /// A display for `total` ids (if known).
    pub(crate) fn new(total: Option<u64>, enabled: bool, quiet: bool) -> Self {
        let target = if enabled {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(total, target);
        let template = if total.is_some() {
            "{spinner} {elapsed} [{wide_bar}] {pos}/{len} {rate} ETA {eta} {msg}"
        } else {
            "{spinner} {elapsed} {pos} ids {rate} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            let style = style.progress_chars("=> ").with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            );
            bar.set_style(style);
        }
        let visible = !bar.is_hidden();
        Self {
            bar,
            quiet,
            visible,
        }
    }

    /// The underlying bar (for [`Output::share_terminal_with`](crate::output::Output::share_terminal_with)).
    pub(crate) fn bar(&self) -> &ProgressBar {
        &self.bar
    }

    /// Whether the bar is drawn at all.
    pub(crate) fn is_visible(&self) -> bool {
        self.visible
    }

    /// One more id done.
    pub(crate) fn inc(&self) {
        // A hidden bar still reads the clock on every increment.
        if self.visible {
            self.bar.inc(1);
        }
    }

    /// More targets found by a listing: the bar's length grows with them.
    pub(crate) fn found(&self, n: u64) {
        self.bar.inc_length(n);
    }

    /// One id fewer to expect (a duplicate).
    pub(crate) fn dec_length(&self) {
        if self.bar.length().is_some() {
            self.bar.dec_length(1);
        }
    }

    /// Prints a warning line on stderr (not with `-q`), above the bar.
    pub(crate) fn warn(&self, message: &str) {
        if !self.quiet {
            self.say(message);
        }
    }

    /// Prints a line on stderr above the bar, even with `-q`.
    pub(crate) fn say(&self, message: &str) {
        self.bar.suspend(|| crate::status::say(message));
    }

    /// Refreshes the ok / failed / retried / throttled counts until dropped.
    pub(crate) fn spawn_ticker(&self, webex: Webex, tally: Arc<Tally>) -> Ticker {
        let bar = self.bar.clone();
        let task = tokio::spawn(async move {
            let mut interval = tokio::time::interval(TICK);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                interval.tick().await;
                let counts = tally.counts();
                let stats = webex.stats();
                bar.set_message(format!(
                    "ok {} failed {} retried {} throttled {} limit {}",
                    counts.succeeded(),
                    counts.failed,
                    stats.retries,
                    stats.throttled,
                    stats.concurrency_limit
                ));
            }
        });
        if !self.is_visible() {
            task.abort();
        }
        Ticker(task)
    }

    /// Removes the bar before the summary line.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Stops the ticker task when dropped.
#[derive(Debug)]
pub(crate) struct Ticker(tokio::task::JoinHandle<()>);

impl Drop for Ticker {
    fn drop(&mut self) {
        self.0.abort();
    }
}
