//! The bulk driver: ids in, one record per id out, with Ctrl-C handling.

use crate::ids::{Batch, Entry, IdQueue, IdSource, ReadTotals};
use crate::interrupts::Interrupts;
use crate::job::Job;
use crate::output::{Output, Row};
use crate::progress::{Counts, Progress, Tally};
use crate::record::Record;
use crate::resume::{Unprocessed, Unread, list_unprocessed};
use crate::settings::CliSetting;
use crate::snapshot::Checked;
use futures::{FutureExt, Stream, StreamExt};
use std::collections::HashSet;
use std::io;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use webex_calling::{BulkOptions, Desired, Kind, Outcome, Stats, Webex};

/// How far the id reader may run ahead of the requests, in batches of ids.
const ID_QUEUE: usize = 4;
/// Records handled in a row before checking for Ctrl-C and flushing output,
/// so a fast stream of results cannot starve either.
const BATCH: u32 = 256;
/// Failed records in a row without any HTTP answer after which the server
/// is taken for gone. Each has been through its retries already, so with the
/// default retry schedule a dead server is given up on within seconds.
const UNANSWERED_LIMIT: u32 = 20;
/// Duplicates warned about one by one; the rest only count.
const DUPLICATE_WARNINGS: u64 = 10;

/// Everything one run needs.
pub(crate) struct Run<S: CliSetting> {
    /// The client (its concurrency limit should match `concurrency`).
    pub(crate) webex: Webex,
    /// What to do per id.
    pub(crate) job: Job<S>,
    /// `--kind`: the kind of every id, instead of decoding it.
    pub(crate) kind: Option<Kind>,
    /// Ids processed at once.
    pub(crate) concurrency: usize,
    /// Records in input order (for tables) rather than as they complete.
    pub(crate) ordered: bool,
    /// How long Ctrl-C waits for requests in flight.
    pub(crate) grace: Duration,
    /// The ids.
    pub(crate) source: Source<S>,
    /// Where records go.
    pub(crate) output: Output<Record<S>>,
    /// The progress display.
    pub(crate) progress: Progress,
}

/// Where a run's ids come from.
pub(crate) enum Source<S: CliSetting> {
    /// Arguments and `--ids-from`.
    Ids(IdSource),
    /// `--all`: listings of these kinds, optionally in one location.
    All {
        /// The kinds to list, in order.
        kinds: Vec<Kind>,
        /// `--location`.
        location: Option<String>,
        /// `--max-targets`.
        max_targets: u64,
    },
    /// `apply`: the rows of a checked snapshot.
    Snapshot(Checked<S>),
}

/// What feeds the run's id queue, to be waited for at the end.
enum Feeder {
    Reader(JoinHandle<io::Result<ReadTotals>>),
    Lister(tokio::task::JoinHandle<Result<u64, (webex_calling::Error, u64)>>),
}

/// Why a run ended before all ids were processed.
#[derive(Debug)]
pub(crate) enum Stop {
    /// Ctrl-C (or SIGTERM).
    Interrupted,
    /// Webex rejected the token; every further request would fail the same way.
    Unauthorized,
    /// Records could not be written.
    OutputFailed(io::Error),
    /// The server gave no answer at all to a run of requests.
    ServerGone,
    /// The undo journal could not be written: no change may go unrecorded.
    Journal,
    /// No access token could be had (a refresh was refused): every further
    /// request would fail the same way.
    Token,
    /// The server's pushback leaves the rest of the run no way to finish:
    /// waits beyond the cap, or nothing let through for minutes.
    Throttled(webex_calling::Stalled),
}

/// What happened in a run.
#[derive(Debug)]
pub(crate) struct Report {
    /// Records written, by outcome.
    pub(crate) counts: Counts,
    /// Duplicate ids skipped.
    pub(crate) duplicates: u64,
    /// The client's counters at the end.
    pub(crate) stats: Stats,
    /// Wall time.
    pub(crate) elapsed: Duration,
    /// Why the run stopped early, if it did.
    pub(crate) stop: Option<Stop>,
    /// The ids left over by an early stop.
    pub(crate) unprocessed: Unprocessed,
    /// Reading the ids failed part-way.
    pub(crate) read_error: Option<io::Error>,
    /// `--all`: the listing failed part-way, after finding this many targets.
    pub(crate) list_error: Option<(webex_calling::Error, u64)>,
    /// `--all --location`: the location listed.
    pub(crate) location: Option<String>,
    /// Ids that failed because their kind could not be told (no `--kind`).
    pub(crate) unknown_kinds: u64,
    /// Fields in the updates sent (or that would be sent).
    pub(crate) fields: u64,
    /// Ids changed on the server whose record could not be written.
    pub(crate) unwritten_changes: Vec<String>,
    /// The failed-ids file, when ids failed (or why it could not be written).
    pub(crate) failed: Option<Result<std::path::PathBuf, String>>,
}

/// The state of the loop that turns results into records.
struct Driver<S: CliSetting> {
    /// The client, asked whether its pushback is a stall.
    webex: Webex,
    output: Output<Record<S>>,
    progress: Progress,
    tally: Arc<Tally>,
    interrupts: Interrupts,
    stop_sending: watch::Sender<bool>,
    issued: Arc<AtomicU64>,
    grace: Duration,
    /// The job changes settings: when the output fails, the requests in
    /// flight are seen to their end, so that each change the server made
    /// is named (a read in flight has nothing to tell and is resumed).
    changes: bool,
    stop: Option<Stop>,
    deadline: Option<Instant>,
    unknown_kinds: u64,
    fields: u64,
    /// Failed records in a row that got no HTTP answer at all.
    unanswered: u32,
    /// Every id whose record is `failed`, for the failed-ids file.
    failed_ids: Vec<String>,
}

impl<S: CliSetting> Run<S> {
    /// Runs the job over every id and writes one record per id.
    pub(crate) async fn execute(self) -> Report {
        let started = Instant::now();
        let location = match &self.source {
            Source::All { location, .. } => location.clone(),
            _ => None,
        };
        let unread_after_stop = match &self.source {
            Source::Ids(ids) if ids.reads_terminal() => Unread::Input,
            Source::All { .. } => Unread::Listing,
            Source::Ids(_) | Source::Snapshot(_) => Unread::Nothing,
        };
        let duplicates = Arc::new(AtomicU64::new(0));
        let (tx, rx) = mpsc::channel::<Batch<Desired<S>>>(ID_QUEUE);
        let mut queue = IdQueue {
            rx,
            pending: Vec::new().into_iter(),
        };
        let feeder = start_feeder(self.source, tx, &self.webex, &self.progress, &duplicates);
        let tally = Arc::new(Tally::default());
        let _ticker = self
            .progress
            .spawn_ticker(self.webex.clone(), tally.clone());
        let (stop_sending, stop_rx) = watch::channel(false);
        let mut driver = Driver::new(
            self.webex.clone(),
            self.output,
            self.progress,
            tally,
            stop_sending,
            self.grace,
        );
        driver.changes = self.job.is_set() && !self.job.is_dry_run();
        // Ids whose request was cancelled by a stop, filed by their `Pending`.
        let dropped: Arc<Mutex<Dropped>> = Arc::default();
        {
            let stopped = async move {
                let mut stop_rx = stop_rx;
                let _ = stop_rx.wait_for(|stopped| *stopped).await;
            };
            let source = futures::stream::poll_fn(|cx| queue.poll_next(cx)).take_until(stopped);
            let options = BulkOptions::default()
                .concurrency(self.concurrency)
                .ordered(self.ordered);
            let work = Work {
                job: self.job,
                kind: self.kind,
                dropped: dropped.clone(),
                issued: driver.issued.clone(),
            };
            let results = self
                .webex
                .bulk_stream(source, options, move |webex, item| work.start(webex, item));
            driver.drive(pin!(results)).await;
            // Dropping the stream here cancels whatever is still in flight.
        }
        let leftover = std::mem::take(&mut *lock(&dropped));
        let ending = driver
            .end(leftover, &mut queue, &feeder, unread_after_stop)
            .await;
        drop(queue);
        let (read_totals, read_error, list_error) = match feeder {
            Feeder::Reader(reader) => {
                // Also left when a second Ctrl-C cut the reading of the
                // rest short: the thread may be blocked on a pipe whose
                // writer never ends, and waiting for it would make that
                // Ctrl-C do nothing.
                let abandon = (unread_after_stop != Unread::Nothing && ending.stop.is_some())
                    || ending.unprocessed.unread != Unread::Nothing;
                let (totals, error) = join_reader(reader, abandon).await;
                (totals, error, None)
            }
            Feeder::Lister(lister) => (None, None, lister.await.ok().and_then(Result::err)),
        };
        Report {
            counts: ending.counts,
            duplicates: read_totals
                .map(|ReadTotals { duplicates, .. }| duplicates)
                .unwrap_or_else(|| duplicates.load(Ordering::Relaxed)),
            stats: self.webex.stats(),
            elapsed: started.elapsed(),
            stop: ending.stop,
            unprocessed: ending.unprocessed,
            read_error,
            list_error,
            location,
            unknown_kinds: ending.unknown_kinds,
            fields: ending.fields,
            unwritten_changes: ending.unwritten_changes,
            failed: ending.failed,
        }
    }
}

/// What each id goes through: the job, with the bookkeeping that files it as
/// unprocessed if it is dropped before its record is written.
struct Work<S: CliSetting> {
    job: Job<S>,
    kind: Option<Kind>,
    dropped: Arc<Mutex<Dropped>>,
    issued: Arc<AtomicU64>,
}

impl<S: CliSetting> Work<S> {
    fn start(
        &self,
        webex: Webex,
        entry: Entry<Desired<S>>,
    ) -> impl std::future::Future<Output = Result<(Pending, Record<S>), webex_calling::Error>> + use<S>
    {
        self.issued.fetch_add(1, Ordering::Relaxed);
        let mut pending = Pending {
            id: Some(entry.id.clone()),
            changed: None,
            dropped: self.dropped.clone(),
        };
        let kind = entry.kind.or(self.kind);
        // Boxed: the request future is several KiB, and the bulk stream would
        // otherwise move it around by value.
        let request = Box::pin(self.job.clone().run(webex, entry.id, kind, entry.payload));
        async move {
            let record = request.await;
            if record.outcome == Outcome::Changed {
                pending.changed = Some(record.fields());
            }
            Ok::<_, webex_calling::Error>((pending, record))
        }
    }
}

/// Starts what feeds the run's id queue: the id reader, a listing or a
/// snapshot's rows.
fn start_feeder<S: CliSetting>(
    source: Source<S>,
    tx: mpsc::Sender<Batch<Desired<S>>>,
    webex: &Webex,
    progress: &Progress,
    duplicates: &Arc<AtomicU64>,
) -> Feeder {
    match source {
        Source::Ids(ids) => Feeder::Reader(spawn_reader(ids, tx, progress, duplicates)),
        Source::All {
            kinds,
            location,
            max_targets,
        } => Feeder::Lister(tokio::spawn(crate::listing::feed(
            webex.clone(),
            kinds,
            location,
            max_targets,
            tx,
            progress.clone(),
        ))),
        Source::Snapshot(rows) => Feeder::Reader(rows.spawn(tx)),
    }
}

/// What the driver knows when the results end.
struct Ending {
    counts: Counts,
    stop: Option<Stop>,
    unprocessed: Unprocessed,
    unknown_kinds: u64,
    fields: u64,
    unwritten_changes: Vec<String>,
    failed: Option<Result<std::path::PathBuf, String>>,
}

/// Starts the id reader, warning about duplicates above the progress bar.
fn spawn_reader<P: Send + 'static>(
    ids: IdSource,
    tx: mpsc::Sender<Batch<P>>,
    progress: &Progress,
    duplicates: &Arc<AtomicU64>,
) -> JoinHandle<io::Result<ReadTotals>> {
    let progress = progress.clone();
    let duplicates = duplicates.clone();
    ids.spawn(tx, move |id, origin| {
        progress.dec_length();
        let seen = duplicates.fetch_add(1, Ordering::Relaxed) + 1;
        if seen <= DUPLICATE_WARNINGS {
            progress.warn(&format!(
                "wxc: warning: duplicate id {} ({origin}) skipped; it is processed once",
                crate::display::shown_id(id)
            ));
        }
        if seen == DUPLICATE_WARNINGS {
            progress.warn("wxc: warning: further duplicates are skipped without a warning; the summary counts them");
        }
    })
}

/// Waits for the reader thread, unless it may be blocked forever (on a
/// terminal, when a stopped run reads ids typed by hand, or on a pipe or
/// FIFO that a second Ctrl-C gave up reading); then it is left, and ends
/// with the process.
async fn join_reader(
    reader: JoinHandle<io::Result<ReadTotals>>,
    abandon: bool,
) -> (Option<ReadTotals>, Option<io::Error>) {
    if abandon {
        return (None, None);
    }
    let joined = tokio::task::spawn_blocking(move || reader.join())
        .await
        .ok()
        .and_then(Result::ok);
    match joined {
        Some(Ok(totals)) => (Some(totals), None),
        Some(Err(error)) => (None, Some(error)),
        None => (None, None),
    }
}

type Item<S> = (
    Entry<Desired<S>>,
    Result<(Pending, Record<S>), webex_calling::Error>,
);

impl<S: CliSetting> Driver<S> {
    fn new(
        webex: Webex,
        output: Output<Record<S>>,
        progress: Progress,
        tally: Arc<Tally>,
        stop_sending: watch::Sender<bool>,
        grace: Duration,
    ) -> Self {
        Self {
            webex,
            output,
            progress,
            tally,
            interrupts: Interrupts::install(),
            stop_sending,
            issued: Arc::default(),
            grace,
            changes: false,
            stop: None,
            deadline: None,
            unknown_kinds: 0,
            fields: 0,
            unanswered: 0,
            failed_ids: Vec::new(),
        }
    }

    /// Accounts for every id the run did not finish: records that could not
    /// be written, requests a stop cancelled and ids still queued go to the
    /// resume file; failed ids go to the failed-ids file.
    async fn end(
        mut self,
        in_flight: Dropped,
        queue: &mut IdQueue<Desired<S>>,
        feeder: &Feeder,
        unread_after_stop: Unread,
    ) -> Ending {
        let unwritten = self.output.take_unwritten();
        // Changes made on the server are reported even when their record is lost.
        let mut unwritten_changes: Vec<String> = unwritten
            .iter()
            .filter(|u| u.changed())
            .map(|u| u.id.clone())
            .collect();
        // Changes whose result an ordered output still held when the run
        // ended: made, so counted and named like the unwritten ones.
        for (id, fields) in in_flight.changes {
            self.tally.add(Outcome::Changed);
            self.fields += fields;
            unwritten_changes.push(id);
        }
        // A record that never reached the output is no outcome: its id is
        // resumed, and neither it nor its fields are counted, nor is it
        // listed as failed. Changes stay counted: they were made, and are
        // named as unwritten.
        for record in &unwritten {
            if let Some(outcome) = record.outcome.filter(|o| *o != Outcome::Changed) {
                self.tally.remove(outcome);
                self.fields = self.fields.saturating_sub(record.fields);
            }
        }
        if unwritten.iter().any(|u| u.outcome == Some(Outcome::Failed)) {
            let lost: HashSet<&str> = unwritten.iter().map(|u| u.id.as_str()).collect();
            self.failed_ids.retain(|id| !lost.contains(id.as_str()));
        }
        let mut unprocessed = Unprocessed::default();
        // A closed pipe (`wxc ... | head`) too: the ids the reader never saw
        // are resumable like any others.
        if self.stop.is_some() {
            if let Feeder::Lister(lister) = feeder {
                lister.abort();
            }
            // A change made whose record was lost has its outcome already:
            // named on stderr (and in the undo journal), not resumed too.
            let leftover = unwritten
                .into_iter()
                .filter(|u| !u.changed())
                .map(|u| u.id)
                .chain(in_flight.ids)
                .collect();
            unprocessed =
                list_unprocessed(leftover, queue, &mut self.interrupts, unread_after_stop).await;
        }
        let failed = (!self.failed_ids.is_empty()).then(|| {
            crate::resume::write_list("failed", &self.failed_ids).map_err(|e| e.to_string())
        });
        Ending {
            counts: self.tally.counts(),
            stop: self.stop,
            unprocessed,
            unknown_kinds: self.unknown_kinds,
            fields: self.fields,
            unwritten_changes,
            failed,
        }
    }

    /// Writes a record for every result until the results end, the output
    /// fails, or a stop's grace period runs out.
    async fn drive(&mut self, mut results: std::pin::Pin<&mut impl Stream<Item = Item<S>>>) {
        if let Err(error) = self.output.begin() {
            self.output_failed_with(error);
        }
        let mut batch = 0u32;
        while !self.stops_now() {
            let ready = if batch < BATCH {
                results.next().now_or_never()
            } else {
                None
            };
            let item = match ready {
                Some(item) => {
                    batch += 1;
                    item
                }
                None => {
                    batch = 0;
                    if let Err(error) = self.output.flush() {
                        self.output_failed_with(error);
                        continue;
                    }
                    match self.wait(&mut results).await {
                        Wait::Item(item) => item,
                        Wait::Again => continue,
                        Wait::GiveUp => break,
                    }
                }
            };
            let Some((entry, result)) = item else { break };
            self.record(entry.id, result);
        }
        if let Err(error) = self.output.finish() {
            self.output_failed_with(error);
        }
        self.progress.finish();
    }

    /// Waits for the next result, a Ctrl-C or the end of the grace period.
    async fn wait(
        &mut self,
        results: &mut std::pin::Pin<&mut impl Stream<Item = Item<S>>>,
    ) -> Wait<S> {
        tokio::select! {
            biased;
            Some(()) = self.interrupts.next() => {
                if self.deadline.is_some() {
                    // Worded for both waits: after a first Ctrl-C, and
                    // after an output failure.
                    self.progress
                        .say("wxc: interrupted while waiting for the requests in flight: stopping now");
                    return Wait::GiveUp;
                }
                let waiting = self.in_flight();
                self.stop_with(Stop::Interrupted);
                self.progress.say(&format!(
                    "wxc: interrupted: no new requests; waiting up to {}s for {waiting} in flight (Ctrl-C again to stop now)",
                    self.grace.as_secs()
                ));
                Wait::Again
            }
            () = sleep_until(self.deadline) => {
                // A stalled server's stop waits for nothing (see `stop_with`).
                if !matches!(self.stop, Some(Stop::Throttled(_))) {
                    self.progress.say("wxc: gave up waiting for the requests still in flight");
                }
                Wait::GiveUp
            }
            item = results.next() => Wait::Item(item),
        }
    }

    /// Writes the record of one result.
    fn record(&mut self, id: String, result: Result<(Pending, Record<S>), webex_calling::Error>) {
        let record = match result {
            Ok((pending, record)) => {
                pending.done();
                record
            }
            // The job itself never fails; its result is inside.
            Err(error) => Record::failed(id, None, crate::record::Failure::from_error(&error)),
        };
        self.check_failure(&record);
        self.fields += record.fields();
        tracing::debug!(id = %crate::display::shown_id(&record.id), outcome = record.outcome.as_str(), "record");
        self.tally.add(record.outcome);
        self.progress.inc();
        if let Err(error) = self.output.record(&record) {
            self.output_failed_with(error);
        }
    }

    /// Counts a failed record, and stops the run when every further request
    /// would fail the same way: the token was rejected, or the server has
    /// not answered at all for a run of requests.
    fn check_failure(&mut self, record: &Record<S>) {
        let Some(failure) = record.failure() else {
            self.unanswered = 0;
            return;
        };
        self.failed_ids.push(record.id.clone());
        if failure.kind == crate::job::UNKNOWN_KIND {
            self.unknown_kinds += 1;
        }
        let unanswered =
            failure.status.is_none() && matches!(failure.kind, "transport" | "timeout");
        self.unanswered = if unanswered { self.unanswered + 1 } else { 0 };
        if self.stop.is_some() {
            return;
        }
        if failure.kind == "token" {
            self.stop_with(Stop::Token);
            self.progress
                .say(&format!("wxc: error: {}; stopping", failure.message));
        } else if failure.kind == "journal" {
            self.stop_with(Stop::Journal);
            self.progress
                .say("wxc: error: the undo journal could not be written; stopping");
        } else if failure.status == Some(401) {
            self.stop_with(Stop::Unauthorized);
            self.progress
                .say("wxc: error: Webex rejected the access token (HTTP 401); stopping");
        } else if let Some(stalled) = matches!(failure.status, Some(429 | 423 | 503))
            .then(|| self.webex.stalled())
            .flatten()
        {
            self.progress
                .say(&format!("wxc: error: {stalled}; stopping"));
            self.stop_with(Stop::Throttled(stalled));
        } else if self.unanswered >= UNANSWERED_LIMIT {
            self.stop_with(Stop::ServerGone);
            self.progress.say(&format!(
                "wxc: error: the server did not answer {UNANSWERED_LIMIT} requests in a row \
                 (each after its retries): it looks unreachable; stopping"
            ));
        }
    }

    /// Stops sending new requests and starts the grace period. A stalled
    /// server gets none: the requests still in flight wait on its pushback,
    /// which the stop says will not end soon, so they are resumed at once.
    fn stop_with(&mut self, stop: Stop) {
        let _ = self.stop_sending.send(true);
        match stop {
            Stop::Throttled(_) => self.deadline = Some(Instant::now()),
            _ => self.deadline = Some(Instant::now() + self.grace),
        }
        self.stop = Some(stop);
    }

    /// The output could not be written: no new requests, and the stop is
    /// for that (whatever else stopped the run, it is what the user must
    /// mend). A job that changes settings still waits, within the grace
    /// period of any stop, for the requests in flight.
    fn output_failed_with(&mut self, error: io::Error) {
        let _ = self.stop_sending.send(true);
        if self.changes && self.deadline.is_none() {
            self.deadline = Some(Instant::now() + self.grace);
            let waiting = self.in_flight();
            if waiting > 0 {
                self.progress.say(&format!(
                    "wxc: the output cannot be written; waiting up to {}s for {waiting} in flight, to name the changes made (Ctrl-C to stop now)",
                    self.grace.as_secs()
                ));
            }
        }
        self.stop = Some(Stop::OutputFailed(error));
    }

    /// Whether the run ends without waiting for the requests in flight.
    fn stops_now(&self) -> bool {
        matches!(self.stop, Some(Stop::OutputFailed(_))) && !self.changes
    }

    /// Requests issued whose record is not made yet.
    fn in_flight(&self) -> u64 {
        self.issued
            .load(Ordering::Relaxed)
            .saturating_sub(self.tally.counts().total())
    }
}

/// What waiting for the next result brought.
// A short-lived return value on the stack: boxing the item would cost an
// allocation per result for nothing.
#[allow(clippy::large_enum_variant)]
enum Wait<S: CliSetting> {
    /// A result, or the end of the results (`None`).
    Item(Option<Item<S>>),
    /// Something was handled; look again.
    Again,
    /// Stop now.
    GiveUp,
}

/// One id from the moment it is handed to the client until its record is
/// written. Dropped before that (a stop cancelled it, or an ordered output
/// was still holding its result), it files the id as unprocessed, or as a
/// change made when its request had changed the setting. This keeps the
/// bookkeeping off the hot path: no shared set per request.
struct Pending {
    id: Option<String>,
    /// The request is done and changed the setting (this many fields).
    changed: Option<u64>,
    dropped: Arc<Mutex<Dropped>>,
}

impl Pending {
    fn done(mut self) {
        self.id = None;
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            let mut dropped = lock(&self.dropped);
            match self.changed {
                Some(fields) => dropped.changes.push((id, fields)),
                None => dropped.ids.push(id),
            }
        }
    }
}

/// The ids whose record was never made, filed by their [`Pending`].
#[derive(Default)]
struct Dropped {
    /// Not done: to resume.
    ids: Vec<String>,
    /// Done, with a change made (and its fields), but never recorded.
    changes: Vec<(String, u64)>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere must not hide which ids are left.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}
