//! `apply FILE`: a snapshot of desired settings (any `get -o csv` or `get -o
//! ndjson` output, edited or not), checked whole before anything is sent and
//! then streamed into the run.
//!
//! The input is copied once into a private temporary file (so a pipe, a FIFO
//! or stdin is read once, and the file cannot change between the passes),
//! then read twice: the first pass checks every row, the second hands each
//! target's row to the run as it goes. Memory is bounded by the number of
//! distinct targets (a 16-byte hash and a line number each), not by the
//! file's size.

use crate::cli::SnapshotFormat;
use crate::display::{shown_id, unguard_cell};
use crate::ids::{Batch, Entry, ReadTotals};
use crate::settings::CliSetting;
use crate::settings::fields::{
    columns, desired_from_cells, desired_from_json, near_miss, unknown_fields,
};
use crate::status::{UsageError, usage};
use serde_json::Value;
use std::collections::hash_map::Entry as Slot;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::marker::PhantomData;
use std::path::Path;
use tokio::sync::mpsc;
use webex_calling::{Desired, Kind, KindError};

/// The largest snapshot taken; a larger one is refused while it is copied.
const MAX_BYTES: u64 = 512 * 1024 * 1024;
/// The longest ndjson line read (a member list of thousands is far less).
const MAX_LINE: usize = 16 * 1024 * 1024;
/// Problems listed one by one before the rest are only counted.
const LISTED_PROBLEMS: usize = 20;
/// Columns and fields `get` writes that say nothing about the desired state.
const BOOKKEEPING: [&str; 5] = ["outcome", "status", "error_kind", "message", "tracking_id"];
/// Rows per batch handed to the run.
const BATCH: usize = 256;
const BOM: &[u8] = b"\xef\xbb\xbf";

/// A snapshot whose every row passed the checks, ready to be streamed.
pub(crate) struct Checked<S> {
    copy: tempfile::NamedTempFile,
    rows: RowOptions,
    /// Per target (a 128-bit hash of its id), the line of its first row:
    /// the rows after it for the same target (with the same values) are
    /// duplicates and skipped.
    firsts: HashMap<u128, usize>,
    duplicates: u64,
    /// Keys left alone because they are not fields of `S` (said once
    /// each), and the first id whose kind `--kind` overrode.
    warnings: Vec<String>,
    setting: PhantomData<fn() -> S>,
}

/// How rows are read.
#[derive(Debug, Clone, Copy)]
struct RowOptions {
    format: SnapshotFormat,
    forced: Option<Kind>,
    allow_unknown: bool,
}

/// One row as read.
struct Row<S: CliSetting> {
    line: usize,
    id: String,
    kind: Kind,
    desired: Desired<S>,
    /// Keys of an ndjson record's settings that are not fields of `S`.
    unknown: Vec<String>,
}

/// Copies and checks `path` ('-': stdin); any problem is a usage error that
/// lists the lines, and then nothing is sent.
pub(crate) fn check<S: CliSetting>(
    path: &Path,
    format: Option<SnapshotFormat>,
    forced: Option<Kind>,
    allow_unknown: bool,
) -> Result<Checked<S>, UsageError> {
    let named = path.display().to_string();
    let copy = spool(path).map_err(|e| usage(format!("cannot read {named}: {e}")))?;
    let mut file = copy
        .reopen()
        .map_err(|e| usage(format!("cannot read the copy of {named}: {e}")))?;
    let format = match format {
        Some(format) => format,
        None => {
            guess_format(path, &mut file).map_err(|e| usage(format!("cannot read {named}: {e}")))?
        }
    };
    let rows = RowOptions {
        format,
        forced,
        allow_unknown,
    };
    let mut problems = Problems::default();
    let mut firsts: HashMap<u128, (usize, u128)> = HashMap::new();
    let mut duplicates = 0;
    let mut unknown = UnknownFields::default();
    // The first row whose id `--kind` overrides (one warning is enough).
    let mut overridden = None;
    // What the library would refuse for a row's target, refused now.
    let checked = |row: Result<Row<S>, String>| {
        row.and_then(|row| match row.desired.check(row.kind) {
            Ok(()) => Ok(row),
            Err(error) => Err(error.message().to_owned()),
        })
    };
    read_rows::<S>(file, rows, &mut |line, row| match checked(row) {
        Err(problem) => problems.push(format!("line {line}: {problem}")),
        Ok(row) => {
            unknown.note(&row);
            // Only where `--kind` gave the row its kind (a kind column wins).
            if overridden.is_none() && forced == Some(row.kind) {
                overridden = forced
                    .and_then(|kind| crate::job::kind_override(&row.id, kind))
                    .map(|warning| format!("wxc: warning: {named}: line {}: {warning}", row.line));
            }
            let values = values_hash(&row);
            match firsts.entry(id_hash(&row.id)) {
                Slot::Vacant(slot) => {
                    slot.insert((row.line, values));
                }
                Slot::Occupied(first) if first.get().1 == values => duplicates += 1,
                Slot::Occupied(first) => problems.push(format!(
                    "line {line}: id {} is also on line {}, with other values; keep one of the two",
                    shown_id(&row.id),
                    first.get().0
                )),
            }
        }
    })
    .map_err(|e| usage(format!("cannot read {named}: {e}")))?;
    problems.into_result(&named)?;
    Ok(Checked {
        copy,
        rows,
        firsts: firsts
            .into_iter()
            .map(|(id, (line, _))| (id, line))
            .collect(),
        duplicates,
        warnings: unknown
            .warnings::<S>(&named)
            .into_iter()
            .chain(overridden)
            .collect(),
        setting: PhantomData,
    })
}

/// Keys of records' settings that are not fields of the setting: per key,
/// its first line and how many records have it.
#[derive(Default)]
struct UnknownFields(std::collections::BTreeMap<String, (usize, usize)>);

impl UnknownFields {
    fn note<S: CliSetting>(&mut self, row: &Row<S>) {
        for key in &row.unknown {
            self.0.entry(key.clone()).or_insert((row.line, 0)).1 += 1;
        }
    }

    fn warnings<S: CliSetting>(self, named: &str) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(key, (line, count))| {
                let more = match count {
                    1 => String::new(),
                    2 => ", and 1 more record".to_owned(),
                    n => format!(", and {} more records", n - 1),
                };
                format!(
                    "wxc: warning: {named}: {key:?} (line {line}{more}) is not a {} field this \
                     version of wxc knows; it is left as it is",
                    S::NAME
                )
            })
            .collect()
    }
}

impl<S: CliSetting> Checked<S> {
    /// The snapshot's format.
    pub(crate) fn format(&self) -> SnapshotFormat {
        self.rows.format
    }

    /// Warnings about the file, for stderr: keys left alone, a kind
    /// overridden.
    pub(crate) fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// How many distinct targets the snapshot has.
    pub(crate) fn targets(&self) -> u64 {
        self.firsts.len() as u64
    }

    /// Sends each target's row to `tx` on a thread of its own, in batches,
    /// until the snapshot ends or `tx` is closed; like the ids reader.
    pub(crate) fn spawn(
        self,
        tx: mpsc::Sender<Batch<Desired<S>>>,
    ) -> std::thread::JoinHandle<io::Result<ReadTotals>> {
        std::thread::spawn(move || {
            let file = self.copy.reopen()?;
            let mut batch = Vec::with_capacity(BATCH);
            let mut totals = ReadTotals {
                ids: 0,
                duplicates: self.duplicates,
            };
            let mut open = true;
            read_rows::<S>(file, self.rows, &mut |_, row| {
                // Checked already: the copy is private, so no row fails now.
                let Ok(row) = row else { return };
                if !open || self.firsts.get(&id_hash(&row.id)) != Some(&row.line) {
                    return;
                }
                totals.ids += 1;
                batch.push(Entry {
                    id: row.id,
                    kind: Some(row.kind),
                    payload: Some(row.desired),
                });
                if batch.len() >= BATCH {
                    open = tx.blocking_send(std::mem::take(&mut batch)).is_ok();
                }
            })?;
            if open && !batch.is_empty() {
                let _ = tx.blocking_send(batch);
            }
            Ok(totals)
        })
    }
}

/// Problems found, the first few by line and the rest counted.
#[derive(Default)]
struct Problems {
    listed: Vec<String>,
    count: usize,
}

impl Problems {
    fn push(&mut self, problem: String) {
        self.count += 1;
        if self.listed.len() < LISTED_PROBLEMS {
            self.listed.push(problem);
        }
    }

    fn into_result(self, named: &str) -> Result<(), UsageError> {
        if self.count == 0 {
            return Ok(());
        }
        let count = self.count;
        let mut message = format!(
            "{named}: {count} problem{} found; nothing was sent:",
            if count == 1 { "" } else { "s" }
        );
        for problem in &self.listed {
            message.push_str("\n  ");
            message.push_str(problem);
        }
        if count > self.listed.len() {
            message.push_str(&format!("\n  ... and {} more", count - self.listed.len()));
        }
        Err(usage(message))
    }
}

/// The input copied into a private temporary file, refused past [`MAX_BYTES`]
/// while it is copied (nothing beyond the cap is read).
fn spool(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    let mut copy = tempfile::NamedTempFile::new()?;
    let copied = io::copy(&mut input.take(MAX_BYTES + 1), copy.as_file_mut())?;
    if copied > MAX_BYTES {
        return Err(io::Error::other(format!(
            "larger than {} MiB; split it",
            MAX_BYTES / 1024 / 1024
        )));
    }
    Ok(copy)
}

/// By extension, else by the first character (`{` starts ndjson, and `[`
/// a JSON array, which the ndjson reader names).
fn guess_format(path: &Path, file: &mut File) -> io::Result<SnapshotFormat> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => return Ok(SnapshotFormat::Csv),
        Some("ndjson" | "jsonl" | "json") => return Ok(SnapshotFormat::Ndjson),
        _ => {}
    }
    let mut start = [0u8; 64];
    let read = file.read(&mut start)?;
    file.seek(SeekFrom::Start(0))?;
    let text = String::from_utf8_lossy(&start[..read]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    Ok(if text.starts_with(['{', '[']) {
        SnapshotFormat::Ndjson
    } else {
        SnapshotFormat::Csv
    })
}

/// The file from its first byte after a UTF-8 byte-order mark, if it has
/// one. A UTF-16 one (a spreadsheet saved as "Unicode Text") is refused
/// with what to do, rather than as bytes that are not UTF-8.
fn after_bom(mut file: File) -> io::Result<File> {
    let mut start = [0u8; 3];
    let read = file.read(&mut start)?;
    if matches!(start[..read.min(2)], [0xff, 0xfe] | [0xfe, 0xff]) {
        return Err(io::Error::other(
            "it is UTF-16 text (a spreadsheet's \"Unicode Text\"); save it as \"CSV UTF-8\" and try again",
        ));
    }
    let skip = if start[..read] == *BOM { 3 } else { 0 };
    file.seek(SeekFrom::Start(skip))?;
    Ok(file)
}

/// Calls `each` with every row of `file` (its line, and the row or what is
/// wrong with it); an error only when the file cannot be read.
fn read_rows<S: CliSetting>(
    file: File,
    options: RowOptions,
    each: &mut dyn FnMut(usize, Result<Row<S>, String>),
) -> io::Result<()> {
    let file = BufReader::with_capacity(64 * 1024, after_bom(file)?);
    match options.format {
        SnapshotFormat::Csv => csv_rows(file, options, each),
        SnapshotFormat::Ndjson => ndjson_rows(file, options, each),
    }
}

fn csv_rows<S: CliSetting>(
    file: impl Read,
    options: RowOptions,
    each: &mut dyn FnMut(usize, Result<Row<S>, String>),
) -> io::Result<()> {
    // Flexible: a row of the wrong length is checked here, where its cells
    // can tell a quote left open from a missing cell.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(LineStarts::new(file));
    let header = match reader.headers() {
        Ok(header) => header
            .iter()
            .map(|h| unguard_cell(h).trim().to_owned())
            .collect::<Vec<_>>(),
        Err(e) => {
            each(1, Err(format!("not a csv header: {e}")));
            return Ok(());
        }
    };
    if let Err(problems) = check_header::<S>(&header) {
        problems.into_iter().for_each(|p| each(1, Err(p)));
        return Ok(());
    }
    let mut record = csv::StringRecord::new();
    loop {
        let read = reader.read_record(&mut record);
        let position = match &read {
            Ok(_) => record.position(),
            Err(e) => e.position(),
        };
        let line = position.map_or(0, |p| reader.get_mut().line_at(p.byte()));
        match read {
            Ok(false) => return Ok(()),
            // A row of empty cells (a spreadsheet's trailing `,,,` rows)
            // is a blank line.
            Ok(true) if record.iter().all(|cell| cell.trim().is_empty()) => {}
            Ok(true) => each(
                line,
                check_cells(&header, &record)
                    .and_then(|()| csv_row::<S>(&header, &record, line, options)),
            ),
            Err(e) if e.is_io_error() => return Err(io::Error::other(e.to_string())),
            Err(e) => each(line, Err(csv_problem(&e))),
        }
    }
}

fn csv_row<S: CliSetting>(
    header: &[String],
    record: &csv::StringRecord,
    line: usize,
    options: RowOptions,
) -> Result<Row<S>, String> {
    let present = |column: &str| {
        header
            .iter()
            .position(|h| h == column)
            .map(|i| record.get(i).map_or("", unguard_cell))
    };
    let id = check_id(present("id").unwrap_or(""))?;
    let kind = row_kind(&id, present("kind"), options.forced)?;
    let complete = present("outcome") == Some("ok");
    let desired = desired_from_cells::<S>(&present, complete, options.allow_unknown)?;
    Ok(Row {
        line,
        id,
        kind,
        desired,
        unknown: Vec::new(),
    })
}

/// Whether a row's cells line up with the header, and none ran on.
fn check_cells(header: &[String], record: &csv::StringRecord) -> Result<(), String> {
    if let Some(i) = run_on_cell(header, record) {
        let cell = header
            .get(i)
            .map_or_else(|| format!("cell {}", i + 1), |h| format!("column {h}"));
        return Err(format!(
            "{cell} holds a line break: a quote opened in this row is likely not closed where \
             the cell ends, so the cell runs on over the lines after it and their rows are not \
             read; close the quote or remove it"
        ));
    }
    let (len, expected) = (record.len(), header.len());
    if len == expected {
        return Ok(());
    }
    let hint = if len > expected {
        "; quote a cell that holds a comma"
    } else {
        ""
    };
    let cells = if len == 1 { "cell" } else { "cells" };
    Err(format!(
        "{len} {cells} where the header has {expected}{hint}"
    ))
}

/// The cell a quote left open ran on from, swallowing the rows after it
/// (even a row of the right length, when the cell is the last). Only a
/// bookkeeping cell (a message) may hold a line break; in one of those, a
/// later line that holds a comma looks like a swallowed row.
fn run_on_cell(header: &[String], record: &csv::StringRecord) -> Option<usize> {
    const BREAKS: [char; 2] = ['\n', '\r'];
    record.iter().enumerate().position(|(i, cell)| {
        let bookkeeping = header
            .get(i)
            .is_some_and(|h| BOOKKEEPING.contains(&h.as_str()));
        cell.contains(BREAKS)
            && (!bookkeeping || cell.split(BREAKS).skip(1).any(|line| line.contains(',')))
    })
}

/// A malformed csv row, said without the csv crate's own line number
/// (which [`LineStarts`] corrects).
fn csv_problem(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("cell {} is not UTF-8 text", err.field() + 1)
        }
        _ => error.to_string(),
    }
}

/// Passes a csv file through, noting where each line that is not empty
/// starts, to name a row's line. The csv crate's own count is off with CRLF
/// endings (BurntSushi/rust-csv#395), and a row's position there is where
/// the reader stood before it (the previous row's terminator and any blank
/// lines), not its first byte.
struct LineStarts<R> {
    inner: R,
    /// Offset and line of each non-empty line the reader has not passed.
    starts: VecDeque<(u64, usize)>,
    offset: u64,
    line: usize,
    at_line_start: bool,
    after_cr: bool,
}

impl<R> LineStarts<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            starts: VecDeque::new(),
            offset: 0,
            line: 1,
            at_line_start: true,
            after_cr: false,
        }
    }

    /// The line of a row the csv reader found at byte `position`: the first
    /// non-empty line starting there or later. Positions only grow.
    fn line_at(&mut self, position: u64) -> usize {
        while self
            .starts
            .front()
            .is_some_and(|&(offset, _)| offset < position)
        {
            self.starts.pop_front();
        }
        self.starts.front().map_or(self.line, |&(_, line)| line)
    }
}

impl<R: Read> Read for LineStarts<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        for &byte in buf.get(..read).unwrap_or_default() {
            match byte {
                // `\r\n`, `\r` and `\n` each end a line, as for the csv reader.
                b'\n' if self.after_cr => {}
                b'\r' | b'\n' => {
                    self.line += 1;
                    self.at_line_start = true;
                }
                _ if self.at_line_start => {
                    self.starts.push_back((self.offset, self.line));
                    self.at_line_start = false;
                }
                _ => {}
            }
            self.after_cr = byte == b'\r';
            self.offset += 1;
        }
        Ok(read)
    }
}

/// Unknown or repeated columns, or no id column.
fn check_header<S: CliSetting>(header: &[String]) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    for (index, column) in header.iter().enumerate() {
        let known = column == "id"
            || column == "kind"
            || BOOKKEEPING.contains(&column.as_str())
            || columns::<S>().any(|c| c == column);
        if !known {
            // Only a hint: columns match exactly, so a misspelt one never
            // changes a setting unasked.
            let hint = ["id", "kind"]
                .into_iter()
                .chain(columns::<S>())
                .find(|name| near_miss(column, name))
                .map(|name| format!("did you mean {name:?}? "))
                .unwrap_or_default();
            problems.push(format!(
                "unknown column {column:?}; {hint}the columns are id, kind, {} (and get's bookkeeping columns)",
                columns::<S>().collect::<Vec<_>>().join(", ")
            ));
        }
        if header[..index].contains(column) {
            problems.push(format!(
                "the column {column:?} appears twice; keep one of the two"
            ));
        }
    }
    if !header.iter().any(|h| h == "id") {
        problems.push("there is no id column".to_owned());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn ndjson_rows<S: CliSetting>(
    mut file: impl BufRead,
    options: RowOptions,
    each: &mut dyn FnMut(usize, Result<Row<S>, String>),
) -> io::Result<()> {
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        let read = (&mut file)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buffer)?;
        if read == 0 {
            return Ok(());
        }
        number += 1;
        if buffer.len() > MAX_LINE && !buffer.ends_with(b"\n") {
            // Skip the rest of the line: a row is far smaller than this.
            let mut rest = Vec::new();
            file.read_until(b'\n', &mut rest)?;
            each(
                number,
                Err(format!("longer than {} MiB", MAX_LINE / 1024 / 1024)),
            );
            continue;
        }
        let Ok(line) = std::str::from_utf8(&buffer) else {
            each(number, Err("not UTF-8 text".to_owned()));
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        if line.trim_start().starts_with('[') {
            // `get -o json` output: one problem, not one per line of it.
            each(
                number,
                Err(
                    "a JSON array, as `get -o json` writes it; apply takes one record per \
                     line: write the snapshot with `get -o ndjson` (or `-o csv`)"
                        .to_owned(),
                ),
            );
            return Ok(());
        }
        each(number, ndjson_row::<S>(number, line, options));
    }
}

/// Why a line is not JSON, placed by column (serde's "at line 1" would
/// contradict the file's line number before it). A record that stops
/// mid-way is what a run stopped while writing leaves: the fix is named.
fn json_problem(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let what = text.strip_suffix(&suffix).unwrap_or(&text);
    if error.is_eof() {
        format!(
            "the record is cut short ({what} at column {}), as a run stopped while writing \
             leaves it; complete the line or delete it",
            error.column()
        )
    } else {
        format!("not a JSON object: {what} at column {}", error.column())
    }
}

fn ndjson_row<S: CliSetting>(
    line: usize,
    text: &str,
    options: RowOptions,
) -> Result<Row<S>, String> {
    let record = match crate::strict_json::parse(text) {
        Ok(Value::Object(record)) => record,
        Ok(_) => return Err("not a JSON object".to_owned()),
        Err(e) => return Err(json_problem(&e)),
    };
    for key in record.keys() {
        let known = matches!(key.as_str(), "id" | "kind" | "settings" | "error")
            || BOOKKEEPING.contains(&key.as_str());
        if !known {
            return Err(format!(
                "unknown field {key:?}; a record has id, kind and settings (as `get -o ndjson` writes)"
            ));
        }
    }
    let id = match record.get("id") {
        Some(Value::String(id)) => check_id(id)?,
        None | Some(Value::Null) => check_id("")?,
        Some(other) => {
            return Err(format!(
                "the id is {other}, not a string; Webex ids are strings, written in quotes"
            ));
        }
    };
    let kind = row_kind(
        &id,
        record.get("kind").and_then(Value::as_str),
        options.forced,
    )?;
    let (desired, unknown) = match record.get("settings") {
        None | Some(Value::Null) => (Desired::values(Default::default()), Vec::new()),
        Some(Value::Object(settings)) => (
            desired_from_json::<S>(settings, options.allow_unknown)?,
            unknown_fields::<S>(settings)?,
        ),
        Some(_) => return Err("field settings: expected an object".to_owned()),
    };
    Ok(Row {
        line,
        id,
        kind,
        desired,
        unknown,
    })
}

/// The kind of a row: its kind column or field (which must agree with the
/// id when the id tells its kind), else `--kind`, else decoded from the id.
fn row_kind(id: &str, given: Option<&str>, forced: Option<Kind>) -> Result<Kind, String> {
    let column = given
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| k.parse::<Kind>().map_err(|e| e.to_string()))
        .transpose()?;
    // A kind column (as `get` writes it) that contradicts its id is a slip
    // in the file, as is any kind on a location's or an organization's id;
    // `--kind` is the way to override an id.
    if let Some(column) = column
        && let Some(named) = crate::job::named_instead(id, Some(column))
    {
        return Err(format!(
            "the kind column says {column}, but the id {} names {named}; fix one of the two",
            shown_id(id)
        ));
    }
    match Kind::resolve(id, column.or(forced)) {
        Ok(kind) => Ok(kind),
        Err(KindError::Unknown) => Err(format!(
            "cannot tell whether {} is a person, a workspace or a virtual line; \
             add a kind column or pass --kind person|workspace|virtual-line",
            shown_id(id)
        )),
        Err(error) => Err(crate::job::kind_message(id, &error)),
    }
}

fn check_id(id: &str) -> Result<String, String> {
    let id = id.trim();
    if id.is_empty() {
        return Err("the row has no id".to_owned());
    }
    crate::ids::validate(id).map_err(|e| format!("id {}: {e}", crate::display::quoted(id)))?;
    Ok(id.to_owned())
}

/// A target's id as 16 bytes: a million targets cost 16 MB, not their ids.
fn id_hash(id: &str) -> u128 {
    webex_calling::fingerprint(id)
}

/// What a row asks for, to tell a repeated row from a conflicting one.
fn values_hash<S: CliSetting>(row: &Row<S>) -> u128 {
    let values = serde_json::to_string(&row.desired.values).unwrap_or_default();
    webex_calling::fingerprint(&format!("{} {values} {:?}", row.kind, row.desired.members))
}

#[cfg(test)]
mod tests {
    use super::*;
    use webex_calling::BargeIn;

    const PERSON_1: &str =
        "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";
    const PERSON_2: &str =
        "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8yMmEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";

    /// The line each row of a csv text is reported on, with its problem.
    fn csv_lines(text: &str) -> Vec<(usize, Option<String>)> {
        let options = RowOptions {
            format: SnapshotFormat::Csv,
            forced: None,
            allow_unknown: false,
        };
        let mut lines = Vec::new();
        csv_rows::<BargeIn>(text.as_bytes(), options, &mut |line, row| {
            lines.push((line, row.err()));
        })
        .expect("reading from memory");
        lines
    }

    #[test]
    fn a_json_array_is_one_problem_naming_the_format_to_use() {
        let options = RowOptions {
            format: SnapshotFormat::Ndjson,
            forced: None,
            allow_unknown: false,
        };
        let text = format!("[\n  {{\"id\": \"{PERSON_1}\"}},\n  {{\"id\": \"{PERSON_2}\"}}\n]\n");
        let mut problems = Vec::new();
        ndjson_rows::<BargeIn>(text.as_bytes(), options, &mut |line, row| {
            problems.push((line, row.err()));
        })
        .expect("reading from memory");
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (line, problem) = &problems[0];
        assert_eq!(*line, 1);
        assert!(
            problem
                .as_deref()
                .is_some_and(|p| p.contains("`get -o ndjson`")),
            "{problem:?}"
        );
    }

    #[test]
    fn a_column_spelt_another_way_is_refused_with_its_name() {
        let problem = |header: &str| {
            let text = format!("{header}\n{PERSON_1},true\n");
            csv_lines(&text)
                .into_iter()
                .find_map(|(_, problem)| problem)
                .expect("the header is refused")
        };
        for (header, wanted) in [
            ("id,toneEnabled", "tone_enabled"),
            ("id,Tone Enabled", "tone_enabled"),
            ("ID,tone_enabled", "id"),
        ] {
            let message = problem(header);
            assert!(
                message.contains(&format!("did you mean \"{wanted}\"?")),
                "{header}: {message}"
            );
        }
        let message = problem("id,tone");
        assert!(
            message.contains("unknown column \"tone\"") && !message.contains("did you mean"),
            "{message}"
        );
    }

    #[test]
    fn a_bad_row_is_named_by_its_line_whatever_the_line_endings() {
        let bad = |line: usize| {
            move |lines: Vec<(usize, Option<String>)>| {
                let (at, problem) = lines.last().cloned().expect("two rows");
                assert_eq!(at, line, "{lines:?}");
                assert!(problem.is_some_and(|p| p.contains("maybe")), "{lines:?}");
            }
        };
        for ending in ["\n", "\r\n", "\r"] {
            let text = format!("id,enabled{ending}{PERSON_1},true{ending}{PERSON_2},maybe{ending}");
            bad(3)(csv_lines(&text));
            let blank = format!(
                "id,enabled{ending}{ending}{PERSON_1},true{ending}{ending}{ending}{PERSON_2},maybe{ending}"
            );
            bad(6)(csv_lines(&blank));
        }
        // A quoted cell over two lines: the next row starts two lines on.
        let quoted = format!("id,enabled,message\n{PERSON_1},true,\"a\nb\"\n{PERSON_2},maybe,\n");
        bad(4)(csv_lines(&quoted));
    }

    #[test]
    fn a_quote_never_closed_is_named_on_its_row() {
        let text = format!("id,enabled\n\"{PERSON_1},true\n{PERSON_2},false\n");
        let lines = csv_lines(&text);
        assert_eq!(
            lines.len(),
            1,
            "the open quote swallows the rest: {lines:?}"
        );
        let (line, problem) = lines[0].clone();
        assert_eq!(line, 2);
        let problem = problem.expect("a problem");
        assert!(
            problem.starts_with("column id holds a line break"),
            "{problem}"
        );
        assert!(problem.contains("close the quote"), "{problem}");
        // Left open in the last column, a message, the row has the right
        // length: the rows it swallowed must not vanish unseen.
        let text = format!(
            "id,enabled,message\n{PERSON_1},true,\"oops\n{PERSON_2},false,\n{PERSON_1},true,x\n"
        );
        let problem = csv_lines(&text)[0].1.clone().expect("a problem");
        assert!(
            problem.starts_with("column message holds a line break"),
            "{problem}"
        );
        // A message over two lines, quoted as it should be, is no problem.
        let text = format!("id,enabled,message\n{PERSON_1},true,\"a\nb\"\n");
        assert_eq!(csv_lines(&text), vec![(2, None)]);
        // A short row without one is just short.
        let short = csv_lines(&format!("id,enabled\n{PERSON_1}\n"));
        let problem = short[0].1.clone().expect("a problem");
        assert_eq!(problem, "1 cell where the header has 2");
    }

    #[test]
    fn a_row_of_the_wrong_width_names_its_line_once() {
        let lines = csv_lines(&format!(
            "id,enabled\r\n{PERSON_1},true\r\n{PERSON_2},true,x\r\n"
        ));
        let (line, problem) = lines.last().cloned().expect("two rows");
        assert_eq!(line, 3);
        let problem = problem.expect("a problem");
        assert!(
            problem.contains("3 cells where the header has 2"),
            "{problem}"
        );
        assert!(!problem.contains("line"), "{problem}");
    }

    #[test]
    fn a_bad_json_line_is_placed_by_column_and_a_cut_one_says_what_to_do() {
        let problem =
            |text: &str| json_problem(&crate::strict_json::parse(text).expect_err("not JSON"));
        let cut = problem(r#"{"id":"Y2lz","settings":{"enab"#);
        assert!(cut.starts_with("the record is cut short"), "{cut}");
        assert!(cut.contains("delete it"), "{cut}");
        assert!(!cut.contains("line 1"), "{cut}");
        let bad = problem(r#"{"id": nope}"#);
        assert_eq!(bad, "not a JSON object: expected ident at column 9");
    }
}
