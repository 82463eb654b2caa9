//! The output formats. Every format renders into a memory buffer that is
//! handed to stdout in one piece whenever the run has nothing else to do (or
//! the buffer grows large), so output streams without a system call per
//! record, and the progress bar can be hidden while it is written.

mod csv;
mod json;
mod table;

use crate::cli::OutputFormat;
use indicatif::ProgressBar;
use std::io::{self, Write};

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
}

/// Where records go: a format, a buffer and the real writer.
pub(crate) struct Output<R: Row> {
    render: Box<dyn Render<R>>,
    buffer: Vec<u8>,
    writer: Box<dyn Write + Send>,
    /// Set when the writer shares the terminal with the progress bar.
    progress: Option<ProgressBar>,
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
    pub(crate) fn record(&mut self, record: &R) -> io::Result<()> {
        self.render.record(record, &mut self.buffer);
        if self.buffer.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffer out now.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let Self {
            buffer,
            writer,
            progress,
            ..
        } = self;
        let mut write = || {
            writer.write_all(buffer)?;
            writer.flush()
        };
        let result = match progress {
            Some(progress) => progress.suspend(write),
            None => write(),
        };
        buffer.clear();
        result
    }

    /// Writes the rest and the closing bytes.
    pub(crate) fn finish(&mut self) -> io::Result<()> {
        self.render.finish(&mut self.buffer);
        self.flush()
    }
}
