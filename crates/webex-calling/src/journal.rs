//! Undo journals: the state of each target before a change is sent to it,
//! recorded durably first (write-ahead), so that a change, or a run killed
//! half-way, can be undone by applying the journal.
//!
//! A [`Journal`] is handed to [`Handle::apply_journaled`](crate::Handle::apply_journaled)
//! or [`Webex::apply_stream_journaled`](crate::Webex::apply_stream_journaled);
//! the update of a target is sent only after its record is on disk. A
//! [`JournalFile`] makes that cheap with many changes in flight: records
//! arriving together are written and synced together (group commit), and
//! each waits only for the sync of its own batch.

use crate::{Error, Setting, Target};
use futures::future::BoxFuture;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::oneshot;

/// Where the before-state of each target is recorded before its update is
/// sent.
///
/// `before` is the state as read, restricted to the fields the update
/// changes (plus whatever [`undo_state`] keeps), so that applying the
/// journal restores exactly what was changed. Return only once the record is
/// durable; an error stops the change of that target (nothing is sent).
pub trait Journal<S: Setting>: Send + Sync {
    /// Records the state of `target` before the update.
    fn record<'a>(
        &'a self,
        target: &'a Target,
        before: &'a S::Settings,
        update: &'a S::Update,
    ) -> BoxFuture<'a, Result<(), Error>>;
}

/// The fields of `before` that `update` changes, as a JSON object: what
/// undoing the update has to set again. A member list is kept whole (as
/// member objects; `[]` when there were none).
pub fn undo_state<S: Setting>(before: &S::Settings, update: &S::Update) -> Map<String, Value> {
    let (Ok(Value::Object(before)), Ok(Value::Object(update))) =
        (serde_json::to_value(before), serde_json::to_value(update))
    else {
        return Map::new();
    };
    update
        .keys()
        .map(|name| {
            let value = before.get(name).cloned().unwrap_or_else(|| {
                let is_list = S::FIELDS
                    .iter()
                    .any(|f| f.name == name && f.kind == crate::FieldKind::Ids);
                if is_list {
                    Value::Array(Vec::new())
                } else {
                    Value::Null
                }
            });
            (name.clone(), value)
        })
        .collect()
}

/// A journal of ndjson records in the shape `get -o ndjson` writes (`id`,
/// `kind`, `settings`), which `wxc <setting> apply` reads back.
///
/// ```no_run
/// # async fn run(webex: webex_calling::Webex, rows: Vec<(webex_calling::Target, webex_calling::Desired<webex_calling::BargeIn>)>) -> Result<(), webex_calling::Error> {
/// use futures::StreamExt;
/// use std::sync::Arc;
/// use webex_calling::{BulkOptions, JournalFile, NdjsonJournal};
///
/// let journal = Arc::new(NdjsonJournal::new(JournalFile::create("undo.ndjson", None)?));
/// let mut outcomes = webex.apply_stream_journaled(
///     futures::stream::iter(rows),
///     BulkOptions::default(),
///     journal,
/// );
/// while let Some((target, result)) = outcomes.next().await {
///     println!("{}: {:?}", target.id(), result.map(|m| m.outcome()));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct NdjsonJournal {
    file: JournalFile,
}

impl NdjsonJournal {
    /// A journal writing to `file`.
    pub fn new(file: JournalFile) -> Self {
        Self { file }
    }

    /// The file written.
    pub fn file(&self) -> &JournalFile {
        &self.file
    }
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    kind: &'static str,
    settings: Map<String, Value>,
}

impl<S: Setting> Journal<S> for NdjsonJournal {
    fn record<'a>(
        &'a self,
        target: &'a Target,
        before: &'a S::Settings,
        update: &'a S::Update,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let record = Record {
                id: target.id(),
                kind: target.kind().as_str(),
                settings: undo_state::<S>(before, update),
            };
            let mut line = serde_json::to_vec(&record)
                .map_err(|e| Error::journal(format!("cannot encode the undo record: {e}")))?;
            line.push(b'\n');
            self.file.append(line).await
        })
    }
}

/// A file of records written durably in batches: [`append`](Self::append)
/// resolves once its line is written and synced to disk. Records appended
/// while a sync is under way are written together by the next one, so many
/// changes in flight cost one sync per batch, not one per change.
#[derive(Debug, Clone)]
pub struct JournalFile {
    inner: Arc<FileInner>,
}

#[derive(Debug)]
struct FileInner {
    path: PathBuf,
    queue: std::sync::mpsc::Sender<Waiter>,
    /// Counted by the writer, as records reach the disk: a record whose
    /// caller stopped waiting (a run cut short) is in the file all the same.
    lines: Arc<AtomicU64>,
}

impl JournalFile {
    /// Creates `path` (it must not exist: a journal is never overwritten),
    /// writes `header` (a csv header line, say) and syncs the file and its
    /// directory, so the journal is there before any change is sent.
    pub fn create(path: impl AsRef<Path>, header: Option<&[u8]>) -> Result<Self, Error> {
        let path = path.as_ref().to_path_buf();
        let named = path.display().to_string();
        let fail = |what: &str, e: std::io::Error| {
            Error::journal(format!("cannot {what} the undo file {named}: {e}"))
        };
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| fail("create", e))?;
        if let Some(header) = header {
            file.write_all(header).map_err(|e| fail("write", e))?;
        }
        file.sync_all().map_err(|e| fail("sync", e))?;
        sync_directory(&path);
        let (queue, rx) = std::sync::mpsc::channel();
        let lines = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&lines);
        std::thread::Builder::new()
            .name("journal".to_owned())
            .spawn(move || write_batches(file, rx, &counted))
            .map_err(|e| fail("start the writer of", e))?;
        Ok(Self {
            inner: Arc::new(FileInner { path, queue, lines }),
        })
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// How many records are durable.
    pub fn lines(&self) -> u64 {
        self.inner.lines.load(Ordering::Acquire)
    }

    /// Appends `line` (with its newline) and resolves once it is on disk.
    /// An empty `line` writes nothing.
    pub async fn append(&self, line: Vec<u8>) -> Result<(), Error> {
        if line.is_empty() {
            return Ok(());
        }
        self.queued(line).await
    }

    /// Resolves once every record appended so far is on disk (or has
    /// failed), also those whose callers stopped waiting, so that
    /// [`lines`](Self::lines) then counts all of them: a run that stops
    /// while changes wait for their records can say what the file holds.
    pub async fn settled(&self) {
        // An empty line is the writer's barrier: it writes and counts nothing.
        let _ = self.queued(Vec::new()).await;
    }

    async fn queued(&self, line: Vec<u8>) -> Result<(), Error> {
        let (done, written) = oneshot::channel();
        let gone = || Error::journal("the undo file's writer has stopped".to_owned());
        self.inner.queue.send((line, done)).map_err(|_| gone())?;
        written.await.map_err(|_| gone())?.map_err(|e| {
            Error::journal(format!(
                "cannot write the undo file {}: {e}",
                self.inner.path.display()
            ))
        })?;
        Ok(())
    }
}

type Waiter = (Vec<u8>, oneshot::Sender<Result<(), String>>);

/// The writer thread: takes every record waiting, writes them, syncs, then
/// lets them all go; after a failure, fails every later record too (the
/// journal would have a hole).
fn write_batches(mut file: File, rx: std::sync::mpsc::Receiver<Waiter>, lines: &AtomicU64) {
    let mut failure: Option<String> = None;
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        if failure.is_none() {
            let mut bytes = Vec::with_capacity(batch.iter().map(|(l, _)| l.len()).sum());
            for (line, _) in &batch {
                bytes.extend_from_slice(line);
            }
            match file.write_all(&bytes).and_then(|()| file.sync_data()) {
                Ok(()) => {
                    let records = batch.iter().filter(|(line, _)| !line.is_empty()).count();
                    lines.fetch_add(records as u64, Ordering::AcqRel);
                }
                Err(error) => failure = Some(error.to_string()),
            }
        }
        for (_, done) in batch {
            let _ = done.send(match &failure {
                None => Ok(()),
                Some(error) => Err(error.clone()),
            });
        }
    }
}

/// Syncs the directory holding `path`, so the file's name survives a crash.
fn sync_directory(path: &Path) {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // Not every platform can open a directory; the file itself is synced.
    if let Ok(directory) = File::open(directory) {
        let _ = directory.sync_all();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::JournalFile;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Waker};

    #[tokio::test]
    async fn a_record_whose_caller_stopped_waiting_is_counted_once_settled() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("undo.ndjson");
        let file = JournalFile::create(&path, None).expect("the journal is created");
        {
            // Polled once (the record is queued), then dropped, as a change
            // cut short by the end of a run is.
            let mut append = pin!(file.append(b"{\"id\":\"A\"}\n".to_vec()));
            let polled = append
                .as_mut()
                .poll(&mut Context::from_waker(Waker::noop()));
            if polled.is_ready() {
                eprintln!(
                    "the writer was faster than the first poll; the count is checked all the same"
                );
            }
        }
        file.settled().await;
        assert_eq!(file.lines(), 1);
        let text = std::fs::read_to_string(&path).expect("the journal is readable");
        assert_eq!(text, "{\"id\":\"A\"}\n");
        file.append(Vec::new())
            .await
            .expect("an empty line writes nothing");
        file.settled().await;
        assert_eq!(
            file.lines(),
            1,
            "the barrier and empty lines are not records"
        );
    }
}
