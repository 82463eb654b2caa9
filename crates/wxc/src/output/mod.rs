//! The output formats. Every format renders into a memory buffer that is
//! handed to stdout in one piece whenever the run has nothing else to do (or
//! the buffer grows large), so output streams without a system call per
//! record, and the progress bar can be hidden while it is written.

mod csv;
mod json;
mod table;

use crate::cli::OutputFormat;
use crate::job::Job;
use crate::record::Record;
use crate::settings::CliSetting;
use indicatif::ProgressBar;
use std::io::{self, Write};

/// Buffered bytes beyond which output is written even while results keep coming.
const FLUSH_AT: usize = 64 * 1024;

/// One output format's rendering of records into bytes.
pub(crate) trait Render<S: CliSetting>: Send {
    /// Bytes that precede the first record (a header line, `[`).
    fn begin(&mut self, out: &mut Vec<u8>);
    /// One record.
    fn record(&mut self, record: &Record<S>, out: &mut Vec<u8>);
    /// Whatever is held back (table rows) and the closing bytes.
    fn finish(&mut self, out: &mut Vec<u8>);
}

/// Where records go: a format, a buffer and the real writer.
pub(crate) struct Output<S: CliSetting> {
    render: Box<dyn Render<S>>,
    buffer: Vec<u8>,
    writer: Box<dyn Write + Send>,
    /// Set when the writer shares the terminal with the progress bar.
    progress: Option<ProgressBar>,
}

impl<S: CliSetting> Output<S> {
    /// An output for `job`'s records in `format`, written to `writer`.
    pub(crate) fn new(format: OutputFormat, job: &Job<S>, writer: Box<dyn Write + Send>) -> Self {
        let render: Box<dyn Render<S>> = match format {
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
    pub(crate) fn share_terminal_with(&mut self, progress: ProgressBar) {
        self.progress = Some(progress);
    }

    /// Writes what comes before the first record.
    pub(crate) fn begin(&mut self) -> io::Result<()> {
        self.render.begin(&mut self.buffer);
        self.flush()
    }

    /// Adds one record; writes only when the buffer is large.
    pub(crate) fn record(&mut self, record: &Record<S>) -> io::Result<()> {
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
