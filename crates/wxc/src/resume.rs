//! The ids a stopped run did not process, written to a file so the run can be
//! resumed with `--ids-from`.

use crate::ids::IdQueue;
use crate::interrupts::Interrupts;
use std::io::{self, Write};
use std::path::PathBuf;
use tokio::sync::mpsc;

/// Unprocessed ids also listed on stderr when there are this few.
const LIST_ON_STDERR: usize = 20;

/// Ids a stopped run did not process, for resuming with `--ids-from`.
#[derive(Debug, Default)]
pub(crate) struct Unprocessed {
    /// How many.
    pub(crate) count: u64,
    /// The file listing them, one per line (when there were any and it could be written).
    pub(crate) file: Option<PathBuf>,
    /// The first few, for stderr.
    pub(crate) sample: Vec<String>,
    /// What of the source was never read, so the list lacks its ids.
    pub(crate) unread: Unread,
    /// Why the list could not be written, if it could not.
    pub(crate) write_error: Option<String>,
}

/// The part of a stopped run's source that was never read, so its ids are
/// in no list: what to do about them differs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unread {
    /// The source was read to its end.
    #[default]
    Nothing,
    /// The rest of the input: ids typed on a terminal, or a second Ctrl-C
    /// while the rest of `--ids-from` was being read.
    Input,
    /// The rest of the organization's listing (`--all`), which is not read
    /// to its end after a stop: the same `--all` run again covers it.
    Listing,
}

/// Writes the ids a stopped run left over (those in flight, then the rest of
/// the input) to a file, so the run can be resumed with `--ids-from`.
/// `unread_after_stop` is what of the source is not read to its end after a
/// stop ([`Unread::Nothing`] for a source that is).
pub(crate) async fn list_unprocessed<P>(
    in_flight: Vec<String>,
    queue: &mut IdQueue<P>,
    interrupts: &mut Interrupts,
    unread_after_stop: Unread,
) -> Unprocessed {
    let mut list = UnprocessedFile::default();
    let pending = queue.pending.by_ref().map(|entry| entry.id);
    for id in in_flight.into_iter().chain(pending) {
        list.push(id);
    }
    // A source that had ended before the stop (a listing that reached its
    // last page, ids typed up to Ctrl-D) has nothing unread: what it sent is
    // still queued and listed below.
    let mut unread = if queue.rx.is_closed() {
        Unread::Nothing
    } else {
        unread_after_stop
    };
    if unread != Unread::Nothing {
        // The source cannot be read to its end now (ids typed on a
        // terminal, or a listing of the whole organization): what is queued
        // is listed, the rest is not.
        queue.rx.close();
    }
    let mut told = false;
    loop {
        // What the reader has ready is taken at once; when it has to wait
        // for more (a pipe or FIFO whose writer is slow, or never ends), the
        // user is told why wxc has not exited and how to skip the wait.
        match queue.rx.try_recv() {
            Ok(batch) => {
                batch.into_iter().for_each(|entry| list.push(entry.id));
                continue;
            }
            Err(mpsc::error::TryRecvError::Disconnected) => break,
            Err(mpsc::error::TryRecvError::Empty) if !told => {
                told = true;
                crate::status::say(
                    "wxc: reading the rest of the input to list it for resuming \
                     (Ctrl-C to stop now; the list then says it is incomplete)",
                );
            }
            Err(mpsc::error::TryRecvError::Empty) => {}
        }
        tokio::select! {
            biased;
            Some(()) = interrupts.next() => {
                if unread == Unread::Nothing {
                    unread = Unread::Input;
                }
                break;
            }
            batch = queue.rx.recv() => match batch {
                Some(batch) => batch.into_iter().for_each(|entry| list.push(entry.id)),
                None => break,
            },
        }
    }
    list.finish(unread)
}

/// The ids collected for a resume file. They are kept in memory (an id is
/// about 80 bytes) so that a failed write can be retried elsewhere whole.
#[derive(Default)]
struct UnprocessedFile {
    ids: Vec<String>,
}

impl UnprocessedFile {
    fn push(&mut self, id: String) {
        self.ids.push(id);
    }

    fn finish(self, unread: Unread) -> Unprocessed {
        let count = self.ids.len() as u64;
        let sample = self.ids.iter().take(LIST_ON_STDERR).cloned().collect();
        let mut unprocessed = Unprocessed {
            count,
            sample,
            unread,
            ..Unprocessed::default()
        };
        if self.ids.is_empty() {
            return unprocessed;
        }
        match write_list("unprocessed", &self.ids) {
            Ok(path) => unprocessed.file = Some(path),
            Err(error) => {
                // Last resort: every id on stderr, so none is lost.
                for id in &self.ids {
                    crate::status::say(&format!("wxc: not processed: {id}"));
                }
                unprocessed.sample.clear();
                unprocessed.write_error = Some(error.to_string());
            }
        }
        unprocessed
    }
}

/// Writes `ids`, one per line, to `wxc-<what>-<time>-<pid>.txt` in the current
/// directory (next to the input, usually), else in the temporary directory.
/// Atomically: a temporary file is written and synced, then renamed, so a
/// list that exists is complete.
pub(crate) fn write_list(what: &str, ids: &[String]) -> io::Result<PathBuf> {
    let name = format!("wxc-{what}-{}-{}.txt", stamp(), std::process::id());
    let mut last_error = None;
    for dir in [PathBuf::from("."), std::env::temp_dir()] {
        match write_atomically(&dir, &name, ids) {
            Ok(path) => return Ok(path),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no directory to write to")))
}

/// The time, in seconds since 1970, for file names.
pub(crate) fn stamp() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn write_atomically(dir: &std::path::Path, name: &str, ids: &[String]) -> io::Result<PathBuf> {
    let path = dir.join(name);
    let temporary = dir.join(format!(".{name}.partial"));
    let result = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        let mut writer = io::BufWriter::new(file);
        for id in ids {
            writeln!(writer, "{id}")?;
        }
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        if path.exists() {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists));
        }
        std::fs::rename(&temporary, &path)
    })();
    match result {
        Ok(()) => Ok(path),
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Entry;

    /// What `list_unprocessed` says is unread of a source that stopped as
    /// a listing does, with one id queued, the source still open or ended.
    async fn unread_of_a_listing(open: bool) -> (Unread, Vec<String>) {
        let (tx, rx) = mpsc::channel(4);
        let entry = Entry::<()> {
            id: "ID1".to_owned(),
            kind: None,
            payload: None,
        };
        tx.send(vec![entry]).await.expect("the queue has room");
        let sender = open.then_some(tx);
        let mut queue = IdQueue {
            rx,
            pending: Vec::new().into_iter(),
        };
        let mut interrupts = Interrupts::install();
        let unprocessed =
            list_unprocessed(Vec::new(), &mut queue, &mut interrupts, Unread::Listing).await;
        drop(sender);
        let file = unprocessed.file.expect("the queued id is listed");
        let listed = std::fs::read_to_string(&file).expect("the list is readable");
        std::fs::remove_file(&file).expect("the list is removed");
        (
            unprocessed.unread,
            listed.lines().map(str::to_owned).collect(),
        )
    }

    #[tokio::test]
    async fn a_listing_still_open_at_the_stop_is_unread_and_one_that_ended_is_not() {
        assert_eq!(
            unread_of_a_listing(true).await,
            (Unread::Listing, vec!["ID1".to_owned()])
        );
        assert_eq!(
            unread_of_a_listing(false).await,
            (Unread::Nothing, vec!["ID1".to_owned()])
        );
    }

    #[test]
    fn a_list_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let ids: Vec<String> = (0..1000).map(|n| format!("ID{n}")).collect();
        let path = write_atomically(dir.path(), "list.txt", &ids).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().collect::<Vec<_>>(), ids);
        // The same name again: refused, and no partial file is left behind.
        assert!(write_atomically(dir.path(), "list.txt", &ids).is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["list.txt"]);
        // An unwritable directory fails without a trace.
        assert!(write_atomically(&dir.path().join("missing"), "x.txt", &ids).is_err());
    }
}
