//! The ids a stopped run did not process, written to a file so the run can be
//! resumed with `--ids-from`.

use crate::interrupts::Interrupts;
use crate::run::IdQueue;
use std::io::{self, Write};
use std::path::PathBuf;

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
    /// Set when the list could not be completed (a second Ctrl-C while reading
    /// the rest of the input, or input from a terminal).
    pub(crate) incomplete: bool,
    /// Why the list could not be written, if it could not.
    pub(crate) write_error: Option<String>,
}

/// Writes the ids a stopped run left over (those in flight, then the rest of
/// the input) to a file, so the run can be resumed with `--ids-from`.
pub(crate) async fn list_unprocessed(
    in_flight: Vec<String>,
    queue: &mut IdQueue,
    interrupts: &mut Interrupts,
    queued_only: bool,
) -> Unprocessed {
    let mut list = UnprocessedFile::default();
    let pending = queue.pending.by_ref().map(|(id, _)| id);
    for id in in_flight.into_iter().chain(pending) {
        list.push(id);
    }
    let mut incomplete = false;
    if queued_only {
        // The source cannot be read to its end now (ids typed on a
        // terminal, or a listing of the whole organization): what is queued
        // is listed, the rest is not.
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
                Some(batch) => batch.into_iter().for_each(|(id, _)| list.push(id)),
                None => break,
            },
        }
    }
    list.finish(incomplete)
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
