//! The output formats. Every format renders into a memory buffer that is
//! handed to stdout in one piece whenever the run has nothing else to do (or
//! the buffer grows large), so output streams without a system call per
//! record, and the progress bar can be hidden while it is written.

pub(crate) mod csv;
mod json;
mod table;

use crate::cli::OutputFormat;
use indicatif::ProgressBar;
use std::collections::VecDeque;
use std::io::{self, Write};
use webex_calling::Outcome;

/// Buffered bytes beyond which output is written even while results keep coming.
const FLUSH_AT: usize = 64 * 1024;

/// What the formats need of a record; records of any command implement it,
/// so the formats know nothing of settings or listings.
pub(crate) trait Row {
    /// The record as one JSON object.
    fn write_json(&self, out: &mut Vec<u8>, pretty: bool);
    /// One cell per [`Columns::csv`] entry (`width` of them), complete and
    /// machine-readable.
    fn csv_cells(&self, width: usize) -> Vec<String>;
    /// One cell per [`Columns::table`] entry, for people.
    fn table_cells(&self) -> Vec<String>;
    /// The id the record is about.
    fn id(&self) -> &str;
    /// The outcome the record reports, for records of settings: the run
    /// counts it, and a change made on the server must be reported even if
    /// the record cannot be written.
    fn outcome(&self) -> Option<Outcome>;
    /// How many fields the record's change changes (or would, in a dry
    /// run), not counting one sent unchanged because Webex requires it: the
    /// summary counts them, and takes back those of a record that never
    /// reached the output.
    fn fields(&self) -> u64 {
        0
    }
}

/// A record whose bytes have not reached the writer yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unwritten {
    /// The record's id.
    pub(crate) id: String,
    /// The outcome it reported.
    pub(crate) outcome: Option<Outcome>,
    /// The fields of its change ([`Row::fields`]).
    pub(crate) fields: u64,
    /// Where its bytes end in the buffer; `None` while the format holds the
    /// record back (table rows wait for their chunk).
    end: Option<usize>,
}

impl Unwritten {
    /// Whether it reported a change made on the server.
    pub(crate) fn changed(&self) -> bool {
        self.outcome == Some(Outcome::Changed)
    }
}

/// Standard output without the standard library's line buffer, whose
/// bytes count as written before they reach the file: with a full disk or
/// a closed pipe, the records lost there would be reported as written.
/// Every write of the output's own buffer then reaches the file descriptor,
/// and a short write says exactly which records did not.
pub(crate) fn stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(io::stdout())
}

/// The column headers of the csv and table formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    /// The csv header line.
    pub(crate) csv: Vec<String>,
    /// The table header row.
    pub(crate) table: Vec<String>,
}

/// One output format's rendering of records into bytes.
pub(crate) trait Render<R: Row>: Send {
    /// Bytes that precede the first record (a header line, `[`).
    fn begin(&mut self, out: &mut Vec<u8>);
    /// One record.
    fn record(&mut self, record: &R, out: &mut Vec<u8>);
    /// Whatever is held back (table rows) and the closing bytes.
    fn finish(&mut self, out: &mut Vec<u8>);
    /// How many records the format holds back, not yet in `out`.
    fn held(&self) -> usize {
        0
    }
}

/// Where records go: a format, a buffer and the real writer.
pub(crate) struct Output<R: Row> {
    render: Box<dyn Render<R>>,
    buffer: Vec<u8>,
    writer: Box<dyn Write + Send>,
    /// Set when the writer shares the terminal with the progress bar.
    progress: Option<ProgressBar>,
    /// Records counted as done whose bytes have not been written yet, oldest
    /// first: after a write error they are what was lost, by id.
    unwritten: VecDeque<Unwritten>,
    /// A write failed: nothing more is written (bytes after a gap would
    /// pass for a whole output), and every later record is unwritten.
    failed: bool,
}

impl<R: Row> Output<R> {
    /// An output for records with `columns` in `format`, written to `writer`.
    pub(crate) fn new(
        format: OutputFormat,
        columns: Columns,
        writer: Box<dyn Write + Send>,
    ) -> Self {
        let render: Box<dyn Render<R>> = match format {
            OutputFormat::Table => Box::new(table::Table::new(columns.table)),
            OutputFormat::Json => Box::new(json::Json::array()),
            OutputFormat::Ndjson => Box::new(json::Json::lines()),
            OutputFormat::Csv => Box::new(csv::Csv::new(columns.csv)),
        };
        Self {
            render,
            buffer: Vec::with_capacity(FLUSH_AT + 4096),
            writer,
            progress: None,
            unwritten: VecDeque::new(),
            failed: false,
        }
    }

    /// Hides `progress` while writing, because both are on the same terminal.
    pub(crate) fn share_terminal_with(&mut self, progress: ProgressBar) {
        self.progress = Some(progress);
    }

    /// Writes what comes before the first record.
    pub(crate) fn begin(&mut self) -> io::Result<()> {
        self.render.begin(&mut self.buffer);
        self.flush()
    }

    /// Adds one record; writes only when the buffer is large.
    ///
    /// After a failed write it only notes the record as unwritten, so the
    /// run can still tell what happened to the ids it had in flight.
    pub(crate) fn record(&mut self, record: &R) -> io::Result<()> {
        let entry = Unwritten {
            id: record.id().to_owned(),
            outcome: record.outcome(),
            fields: record.fields(),
            end: None,
        };
        if self.failed {
            self.unwritten.push_back(entry);
            return Ok(());
        }
        let start = self.buffer.len();
        self.render.record(record, &mut self.buffer);
        // Whatever a server echoed (a token in a message, a tracking id or a
        // field it added) is masked before it can reach a file or a pipe.
        crate::redact::mask_tail(&mut self.buffer, start);
        self.unwritten.push_back(entry);
        self.place_rendered();
        if self.buffer.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Notes where the records the format has rendered end in the buffer.
    fn place_rendered(&mut self) {
        let rendered = self.unwritten.len().saturating_sub(self.render.held());
        let end = self.buffer.len();
        for entry in self.unwritten.iter_mut().take(rendered) {
            entry.end.get_or_insert(end);
        }
    }

    /// Writes the buffer out now. On an error, the bytes that did reach the
    /// writer are accounted for, and [`unwritten`](Self::unwritten) names the
    /// records that did not.
    ///
    /// After a failed write, it writes nothing and succeeds.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() || self.failed {
            return Ok(());
        }
        let Self {
            buffer,
            writer,
            progress,
            ..
        } = self;
        let mut written = 0;
        let mut write = || {
            while written < buffer.len() {
                match writer.write(&buffer[written..]) {
                    Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
                    Ok(n) => written += n,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
            writer.flush()
        };
        let result = match progress {
            Some(progress) => progress.suspend(write),
            None => write(),
        };
        self.consume(written);
        self.failed = result.is_err();
        result
    }

    /// Forgets the first `written` bytes of the buffer and the records they held.
    fn consume(&mut self, written: usize) {
        self.buffer.drain(..written);
        while self
            .unwritten
            .front()
            .is_some_and(|entry| entry.end.is_some_and(|end| end <= written))
        {
            self.unwritten.pop_front();
        }
        for entry in &mut self.unwritten {
            if let Some(end) = &mut entry.end {
                *end -= written;
            }
        }
    }

    /// Writes the rest and the closing bytes.
    pub(crate) fn finish(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        let start = self.buffer.len();
        self.render.finish(&mut self.buffer);
        crate::redact::mask_tail(&mut self.buffer, start);
        self.place_rendered();
        self.flush()
    }

    /// The records counted as done that never reached the writer, oldest first.
    pub(crate) fn take_unwritten(&mut self) -> Vec<Unwritten> {
        self.unwritten.drain(..).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Line(&'static str);

    impl Row for Line {
        fn write_json(&self, out: &mut Vec<u8>, _pretty: bool) {
            out.extend_from_slice(format!("{{\"id\":\"{}\"}}", self.0).as_bytes());
        }
        fn csv_cells(&self, _width: usize) -> Vec<String> {
            vec![self.0.to_owned()]
        }
        fn table_cells(&self) -> Vec<String> {
            vec![self.0.to_owned()]
        }
        fn id(&self) -> &str {
            self.0
        }
        fn outcome(&self) -> Option<Outcome> {
            Some(if self.0 == "C" {
                Outcome::Changed
            } else {
                Outcome::Ok
            })
        }
    }

    /// Accepts `room` bytes, then fails like a full disk.
    struct Full {
        room: usize,
        got: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    }

    impl Write for Full {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::other("No space left on device"));
            }
            let n = bytes.len().min(self.room);
            self.room -= n;
            self.got.lock().unwrap().extend_from_slice(&bytes[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn columns() -> Columns {
        Columns {
            csv: vec!["id".into()],
            table: vec!["id".into()],
        }
    }

    #[test]
    fn a_full_disk_loses_no_record_unaccounted() {
        for format in [OutputFormat::Ndjson, OutputFormat::Csv, OutputFormat::Table] {
            for room in [0, 5, 11, 12, 20, 1000] {
                let got = std::sync::Arc::default();
                let writer = Full {
                    room,
                    got: std::sync::Arc::clone(&got),
                };
                let mut output: Output<Line> = Output::new(format, columns(), Box::new(writer));
                let mut failed = output.begin().is_err();
                for id in ["A", "B", "C", "D"] {
                    failed |= output.record(&Line(id)).is_err();
                }
                failed |= output.flush().is_err() || output.finish().is_err();
                let unwritten: Vec<String> =
                    output.take_unwritten().into_iter().map(|u| u.id).collect();
                let text = String::from_utf8_lossy(&got.lock().unwrap()).into_owned();
                for id in ["A", "B", "C", "D"] {
                    let whole = match format {
                        OutputFormat::Ndjson => text.contains(&format!("{{\"id\":\"{id}\"}}\n")),
                        OutputFormat::Csv => {
                            text.lines().any(|l| l == id) && text.contains(&format!("{id}\n"))
                        }
                        _ => text.contains(&format!(" {id} ")),
                    };
                    // Every record is written or named; only whole lines count as written.
                    assert!(
                        whole || unwritten.contains(&id.to_owned()),
                        "{format:?} room {room}: {id} lost; wrote {text:?}, unwritten {unwritten:?}"
                    );
                }
                assert!(failed || unwritten.is_empty(), "{format:?} room {room}");
                assert!(room > 0 || failed, "{format:?}: a full writer is an error");
            }
        }
    }
}
