//! The output formats. Every format renders into a memory buffer that is
//! handed to stdout in one piece whenever the run has nothing else to do (or
//! the buffer grows large), so output streams without a system call per
//! record, and the progress bar can be hidden while it is written.

mod csv;
mod json;
mod table;

use crate::cli::OutputFormat;
use crate::commands::Job;
use crate::record::Record;
use indicatif::ProgressBar;
use std::io::{self, Write};

/// Buffered bytes beyond which output is written even while results keep coming.
const FLUSH_AT: usize = 64 * 1024;

/// One output format's rendering of records into bytes.
pub(crate) trait Render: Send {
    /// Bytes that precede the first record (a header line, `[`).
    fn begin(&mut self, out: &mut Vec<u8>);
    /// One record.
    fn record(&mut self, record: &Record, out: &mut Vec<u8>);
    /// Whatever is held back (table rows) and the closing bytes.
    fn finish(&mut self, out: &mut Vec<u8>);
}

/// Where records go: a format, a buffer and the real writer.
pub struct Output {
    render: Box<dyn Render>,
    buffer: Vec<u8>,
    writer: Box<dyn Write + Send>,
    /// Set when the writer shares the terminal with the progress bar.
    progress: Option<ProgressBar>,
}

impl Output {
    /// An output for `job`'s records in `format`, written to `writer`.
    pub fn new(format: OutputFormat, job: &Job, writer: Box<dyn Write + Send>) -> Self {
        let render: Box<dyn Render> = match format {
            OutputFormat::Table => Box::new(table::Table::new(job)),
            OutputFormat::Json => Box::new(json::Json::array()),
            OutputFormat::Ndjson => Box::new(json::Json::lines()),
            OutputFormat::Csv => Box::new(csv::Csv::new(job)),
        };
        Self {
            render,
            buffer: Vec::with_capacity(FLUSH_AT + 4096),
            writer,
            progress: None,
        }
    }

    /// Hides `progress` while writing, because both are on the same terminal.
    pub fn share_terminal_with(&mut self, progress: ProgressBar) {
        self.progress = Some(progress);
    }

    /// Writes what comes before the first record.
    pub fn begin(&mut self) -> io::Result<()> {
        self.render.begin(&mut self.buffer);
        self.flush()
    }

    /// Adds one record; writes only when the buffer is large.
    pub fn record(&mut self, record: &Record) -> io::Result<()> {
        self.render.record(record, &mut self.buffer);
        if self.buffer.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffer out now.
    pub fn flush(&mut self) -> io::Result<()> {
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
    pub fn finish(&mut self) -> io::Result<()> {
        self.render.finish(&mut self.buffer);
        self.flush()
    }
}
