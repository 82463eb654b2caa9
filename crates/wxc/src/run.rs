//! The bulk driver: ids in, one record per id out, with Ctrl-C handling.

use crate::commands::Job;
use crate::ids::{IdSource, ReadTotals};
use crate::output::Output;
use crate::progress::{Counts, Progress, Tally};
use crate::record::{Failure, Record};
use futures::{FutureExt, StreamExt};
use std::io::{self, Write};
use std::path::PathBuf;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use webex_calling::{BulkOptions, Stats, Webex};

/// How far the id reader may run ahead of the requests, in batches of ids.
const ID_QUEUE: usize = 4;
/// Records handled in a row before checking for Ctrl-C and flushing output,
/// so a fast stream of results cannot starve either.
const BATCH: u32 = 256;
/// Duplicates warned about one by one; the rest only count.
const DUPLICATE_WARNINGS: u64 = 10;
/// Unprocessed ids also listed on stderr when there are this few.
const LIST_ON_STDERR: usize = 20;

/// Everything one run needs.
pub struct Run {
    /// The client (its concurrency limit should match `concurrency`).
    pub webex: Webex,
    /// What to do per id.
    pub job: Job,
    /// Ids processed at once.
    pub concurrency: usize,
    /// Records in input order (for tables) rather than as they complete.
    pub ordered: bool,
    /// How long Ctrl-C waits for requests in flight.
    pub grace: Duration,
    /// The ids.
    pub ids: IdSource,
    /// Where records go.
    pub output: Output,
    /// The progress display.
    pub progress: Progress,
}

/// Why a run ended before all ids were processed.
#[derive(Debug)]
pub enum Stop {
    /// Ctrl-C (or SIGTERM).
    Interrupted,
    /// Webex rejected the token; every further request would fail the same way.
    Unauthorized,
    /// Records could not be written.
    OutputFailed(io::Error),
}

/// Ids a stopped run did not process, for resuming with `--ids-from`.
#[derive(Debug, Default)]
pub struct Unprocessed {
    /// How many.
    pub count: u64,
    /// The file listing them, one per line (when there were any and it could be written).
    pub file: Option<PathBuf>,
    /// The first few, for stderr.
    pub sample: Vec<String>,
    /// Set when the list could not be completed (a second Ctrl-C while reading
    /// the rest of the input, or input from a terminal).
    pub incomplete: bool,
    /// Why the list could not be written, if it could not.
    pub write_error: Option<String>,
}

/// What happened in a run.
#[derive(Debug)]
pub struct Report {
    /// Records written, by outcome.
    pub counts: Counts,
    /// Duplicate ids skipped.
    pub duplicates: u64,
    /// The client's counters at the end.
    pub stats: Stats,
    /// Wall time.
    pub elapsed: Duration,
    /// Why the run stopped early, if it did.
    pub stop: Option<Stop>,
    /// The ids left over by an early stop.
    pub unprocessed: Unprocessed,
    /// Reading the ids failed part-way.
    pub read_error: Option<io::Error>,
}

impl Run {
    /// Runs the job over every id and writes one record per id.
    pub async fn execute(self) -> Report {
        let Self {
            webex,
            job,
            concurrency,
            ordered,
            grace,
            ids,
            mut output,
            progress,
        } = self;
        let started = Instant::now();
        let reads_terminal = ids.reads_terminal();
        let duplicates = Arc::new(AtomicU64::new(0));
        let (tx, rx) = mpsc::channel::<Vec<String>>(ID_QUEUE);
        let mut queue = IdQueue {
            rx,
            pending: Vec::new().into_iter(),
        };
        let reader = {
            let progress = progress.clone();
            let duplicates = duplicates.clone();
            ids.spawn(tx, move |id, origin| {
                progress.dec_length();
                let seen = duplicates.fetch_add(1, Ordering::Relaxed) + 1;
                if seen <= DUPLICATE_WARNINGS {
                    progress.warn(&format!("wxc: warning: duplicate id {id} ({origin}) skipped; it is processed once"));
                }
                if seen == DUPLICATE_WARNINGS {
                    progress.warn("wxc: warning: further duplicates are skipped without a warning; the summary counts them");
                }
            })
        };
        let mut interrupts = Interrupts::install();
        let tally = Arc::new(Tally::default());
        let _ticker = progress.spawn_ticker(webex.clone(), tally.clone());
        // Ids whose request was cancelled by a stop, filed by their `Pending`.
        let dropped: Arc<Mutex<Vec<String>>> = Arc::default();
        let issued = Arc::new(AtomicU64::new(0));
        let (stop_sending, stop_rx) = watch::channel(false);

        let mut stop = None;
        if let Err(error) = output.begin() {
            stop = Some(Stop::OutputFailed(error));
        }
        {
            let mut stop_rx = stop_rx;
            let stopped = async move {
                let _ = stop_rx.wait_for(|stopped| *stopped).await;
            };
            let source = futures::stream::poll_fn(|cx| queue.poll_next(cx)).take_until(stopped);
            let options = BulkOptions::default()
                .concurrency(concurrency)
                .ordered(ordered);
            let job = job.clone();
            let (dropped, counter) = (dropped.clone(), issued.clone());
            let results = webex.bulk_stream(source, options, move |webex, id| {
                counter.fetch_add(1, Ordering::Relaxed);
                let pending = Pending {
                    id: Some(id.clone()),
                    dropped: dropped.clone(),
                };
                // Boxed: the request future is several KiB, and the bulk
                // stream would otherwise move it around by value.
                let request = Box::pin(job.clone().run(webex, id));
                async move { Ok::<_, webex_calling::Error>((pending, request.await)) }
            });
            let mut results = pin!(results);
            if stop.is_some() {
                let _ = stop_sending.send(true);
            }
            let mut deadline: Option<Instant> = None;
            let mut batch = 0u32;
            while stop
                .as_ref()
                .is_none_or(|s| !matches!(s, Stop::OutputFailed(_)))
            {
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
                        if let Err(error) = output.flush() {
                            stop = Some(Stop::OutputFailed(error));
                            break;
                        }
                        tokio::select! {
                            biased;
                            Some(()) = interrupts.next() => {
                                if deadline.is_some() {
                                    progress.say("wxc: interrupted again: stopping now");
                                    break;
                                }
                                let waiting = issued.load(Ordering::Relaxed) - tally.counts().total();
                                let _ = stop_sending.send(true);
                                stop = Some(Stop::Interrupted);
                                deadline = Some(Instant::now() + grace);
                                progress.say(&format!(
                                    "wxc: interrupted: no new requests; waiting up to {}s for {waiting} in flight (Ctrl-C again to stop now)",
                                    grace.as_secs()
                                ));
                                continue;
                            }
                            () = sleep_until(deadline) => {
                                progress.say("wxc: gave up waiting for the requests still in flight");
                                break;
                            }
                            item = results.next() => item,
                        }
                    }
                };
                let Some((id, outcome)) = item else { break };
                let result = match outcome {
                    Ok((pending, result)) => {
                        pending.done();
                        result
                    }
                    // The job itself never fails; its result is inside.
                    Err(error) => Err(error),
                };
                let record = match result {
                    Ok((outcome, body)) => Record { id, outcome, body },
                    Err(error) => {
                        if error.status() == Some(401) && stop.is_none() {
                            let _ = stop_sending.send(true);
                            stop = Some(Stop::Unauthorized);
                            deadline = Some(Instant::now() + grace);
                            progress.say(
                                "wxc: error: Webex rejected the access token (HTTP 401); stopping",
                            );
                        }
                        Record::failed(id, Failure::from_error(&error))
                    }
                };
                tracing::debug!(id = %record.id, outcome = record.outcome.as_str(), "record");
                tally.add(record.outcome);
                progress.inc();
                if let Err(error) = output.record(&record) {
                    stop = Some(Stop::OutputFailed(error));
                }
            }
            // Dropping the stream here cancels whatever is still in flight.
        }
        if !matches!(stop, Some(Stop::OutputFailed(_)))
            && let Err(error) = output.finish()
        {
            stop = Some(Stop::OutputFailed(error));
        }
        progress.finish();

        let mut unprocessed = Unprocessed::default();
        // A closed pipe (`wxc ... | head`) means the reader has seen enough;
        // a resume file would only be litter.
        let reader_left =
            matches!(&stop, Some(Stop::OutputFailed(e)) if e.kind() == io::ErrorKind::BrokenPipe);
        if stop.is_some() && !reader_left {
            let leftover = std::mem::take(&mut *lock(&dropped));
            unprocessed =
                list_unprocessed(leftover, &mut queue, &mut interrupts, reads_terminal).await;
        }
        drop(queue);
        let read = if reads_terminal && stop.is_some() {
            // The reader may be blocked on the terminal forever; leave it.
            None
        } else {
            tokio::task::spawn_blocking(move || reader.join())
                .await
                .ok()
                .and_then(Result::ok)
        };
        let (read_totals, read_error) = match read {
            Some(Ok(totals)) => (Some(totals), None),
            Some(Err(error)) => (None, Some(error)),
            None => (None, None),
        };
        Report {
            counts: tally.counts(),
            duplicates: read_totals
                .map(|ReadTotals { duplicates, .. }| duplicates)
                .unwrap_or_else(|| duplicates.load(Ordering::Relaxed)),
            stats: webex.stats(),
            elapsed: started.elapsed(),
            stop,
            unprocessed,
            read_error,
        }
    }
}

/// One id from the moment it is handed to the client until its record is
/// written. Dropped before that (a stop cancelled it, or an ordered output
/// was still holding its result), it files the id as unprocessed. This
/// keeps the bookkeeping off the hot path: no shared set per request.
struct Pending {
    id: Option<String>,
    dropped: Arc<Mutex<Vec<String>>>,
}

impl Pending {
    fn done(mut self) {
        self.id = None;
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            lock(&self.dropped).push(id);
        }
    }
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

/// Writes the ids a stopped run left over (those in flight, then the rest of
/// the input) to a file, so the run can be resumed with `--ids-from`.
async fn list_unprocessed(
    in_flight: Vec<String>,
    queue: &mut IdQueue,
    interrupts: &mut Interrupts,
    reads_terminal: bool,
) -> Unprocessed {
    let mut list = UnprocessedFile::default();
    for id in in_flight.into_iter().chain(queue.pending.by_ref()) {
        list.push(id);
    }
    let mut incomplete = false;
    if reads_terminal {
        // More ids would have to be typed; what was typed so far is queued.
        queue.rx.close();
        incomplete = true;
    }
    loop {
        tokio::select! {
            biased;
            Some(()) = interrupts.next() => {
                incomplete = true;
                break;
            }
            batch = queue.rx.recv() => match batch {
                Some(batch) => batch.into_iter().for_each(|id| list.push(id)),
                None => break,
            },
        }
    }
    list.finish(incomplete)
}

/// The ids read but not yet handed to the client.
struct IdQueue {
    rx: mpsc::Receiver<Vec<String>>,
    pending: std::vec::IntoIter<String>,
}

impl IdQueue {
    fn poll_next(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<String>> {
        loop {
            if let Some(id) = self.pending.next() {
                return std::task::Poll::Ready(Some(id));
            }
            match std::task::ready!(self.rx.poll_recv(cx)) {
                Some(batch) => self.pending = batch.into_iter(),
                None => return std::task::Poll::Ready(None),
            }
        }
    }
}

#[derive(Default)]
struct UnprocessedFile {
    count: u64,
    sample: Vec<String>,
    file: Option<(PathBuf, io::BufWriter<std::fs::File>)>,
    error: Option<String>,
}

impl UnprocessedFile {
    fn push(&mut self, id: String) {
        self.count += 1;
        if self.file.is_none() && self.error.is_none() {
            match create_unprocessed_file() {
                Ok(file) => self.file = Some(file),
                Err(error) => self.error = Some(error.to_string()),
            }
        }
        if let Some((_, writer)) = &mut self.file
            && let Err(error) = writeln!(writer, "{id}")
        {
            self.error = Some(error.to_string());
            self.file = None;
        }
        if self.sample.len() < LIST_ON_STDERR {
            self.sample.push(id);
        }
    }

    fn finish(mut self, incomplete: bool) -> Unprocessed {
        let mut file = None;
        if let Some((path, mut writer)) = self.file.take() {
            match writer.flush() {
                Ok(()) => file = Some(path),
                Err(error) => self.error = Some(error.to_string()),
            }
        }
        Unprocessed {
            count: self.count,
            file,
            sample: self.sample,
            incomplete,
            write_error: self.error,
        }
    }
}

/// `wxc-unprocessed-<time>.txt` in the current directory (next to the input,
/// usually), else in the temporary directory.
fn create_unprocessed_file() -> io::Result<(PathBuf, io::BufWriter<std::fs::File>)> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let name = format!("wxc-unprocessed-{stamp}-{}.txt", std::process::id());
    let mut last_error = None;
    for dir in [PathBuf::from("."), std::env::temp_dir()] {
        let path = dir.join(&name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, io::BufWriter::new(file))),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no directory to write to")))
}

/// Ctrl-C (and SIGTERM) as a stream of events, so each press is seen once,
/// including presses while no one is waiting.
struct Interrupts {
    rx: mpsc::UnboundedReceiver<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Interrupts {
    fn install() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                let (Ok(mut int), Ok(mut term)) = (
                    signal(SignalKind::interrupt()),
                    signal(SignalKind::terminate()),
                ) else {
                    tracing::warn!("cannot listen for Ctrl-C; it will end wxc without a summary");
                    return;
                };
                loop {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                    if tx.send(()).is_err() {
                        return;
                    }
                }
            }
            #[cfg(not(unix))]
            while tokio::signal::ctrl_c().await.is_ok() {
                if tx.send(()).is_err() {
                    return;
                }
            }
        });
        Self { rx, task }
    }

    async fn next(&mut self) -> Option<()> {
        self.rx.recv().await
    }
}

impl Drop for Interrupts {
    fn drop(&mut self) {
        self.task.abort();
    }
}
