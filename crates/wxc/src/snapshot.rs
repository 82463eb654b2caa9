//! `apply FILE`: reading a snapshot of desired settings (any `get -o csv` or
//! `get -o ndjson` output, edited or not) and checking all of it before
//! anything is sent.

use crate::cli::SnapshotFormat;
use crate::display::{shown_id, unguard_cell};
use crate::settings::CliSetting;
use crate::status::{UsageError, usage};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Read;
use std::path::Path;
use webex_calling::{Desired, Kind};

/// The largest snapshot read (they are held in memory to be checked whole).
const MAX_BYTES: u64 = 512 * 1024 * 1024;
/// Problems listed one by one before the rest are only counted.
const LISTED_PROBLEMS: usize = 20;
/// Columns and fields `get` writes that say nothing about the desired state.
const BOOKKEEPING: [&str; 5] = ["outcome", "status", "error_kind", "message", "tracking_id"];

/// A checked snapshot: the targets in file order, and each one's desired state.
pub(crate) struct Snapshot<S: CliSetting> {
    /// Ids with their kinds, once each, in file order.
    pub(crate) targets: Vec<(String, Option<Kind>)>,
    /// The desired state of each id.
    pub(crate) desired: HashMap<String, Desired<S>>,
}

/// One row as read, before the checks across rows.
struct Row<S: CliSetting> {
    line: usize,
    id: String,
    kind: Kind,
    desired: Desired<S>,
}

/// Reads and checks `path` ('-': stdin); any problem is a usage error that
/// lists the lines, and then nothing is sent.
pub(crate) fn read<S: CliSetting>(
    path: &Path,
    format: Option<SnapshotFormat>,
    forced: Option<Kind>,
) -> Result<Snapshot<S>, UsageError> {
    let named = path.display();
    let text = read_text(path).map_err(|e| usage(format!("cannot read {named}: {e}")))?;
    let format = format.unwrap_or_else(|| guess_format(path, &text));
    let mut problems = Vec::new();
    let rows = match format {
        SnapshotFormat::Csv => csv_rows::<S>(&text, forced, &mut problems),
        SnapshotFormat::Ndjson => ndjson_rows::<S>(&text, forced, &mut problems),
    };
    let snapshot = merge(rows, &mut problems);
    if problems.is_empty() {
        return Ok(snapshot);
    }
    let count = problems.len();
    let mut message = format!(
        "{named}: {count} problem{} found; nothing was sent:",
        if count == 1 { "" } else { "s" }
    );
    for problem in problems.iter().take(LISTED_PROBLEMS) {
        message.push_str("\n  ");
        message.push_str(problem);
    }
    if count > LISTED_PROBLEMS {
        message.push_str(&format!("\n  ... and {} more", count - LISTED_PROBLEMS));
    }
    Err(usage(message))
}

fn read_text(path: &Path) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    let read: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path)?)
    };
    read.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} MiB; split it",
            MAX_BYTES / 1024 / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("not UTF-8 text"))
}

/// By extension, else by the first character (`{` starts ndjson).
fn guess_format(path: &Path, text: &str) -> SnapshotFormat {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => SnapshotFormat::Csv,
        Some("ndjson" | "jsonl" | "json") => SnapshotFormat::Ndjson,
        _ if text.trim_start().starts_with('{') => SnapshotFormat::Ndjson,
        _ => SnapshotFormat::Csv,
    }
}

/// The kind of a row: its kind column or field, else `--kind`, else decoded
/// from the id.
fn row_kind(id: &str, given: Option<&str>, forced: Option<Kind>) -> Result<Kind, String> {
    match given.map(str::trim).filter(|k| !k.is_empty()) {
        Some(kind) => kind.parse::<Kind>().map_err(|e| e.to_string()),
        None => forced.or_else(|| Kind::of_id(id)).ok_or_else(|| {
            format!(
                "cannot tell whether {} is a person, a workspace or a virtual line; \
                 add a kind column or pass --kind person|workspace|virtual-line",
                shown_id(id)
            )
        }),
    }
}

fn check_id(id: &str) -> Result<String, String> {
    let id = id.trim();
    if id.is_empty() {
        return Err("the row has no id".to_owned());
    }
    crate::ids::validate(id).map_err(|e| format!("id {:?}: {e}", shown_id(id)))?;
    Ok(id.to_owned())
}

fn csv_rows<S: CliSetting>(
    text: &str,
    forced: Option<Kind>,
    problems: &mut Vec<String>,
) -> Vec<Row<S>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header
            .iter()
            .map(|h| unguard_cell(h).trim().to_owned())
            .collect(),
        Err(e) => {
            problems.push(format!("line 1: not a csv header: {e}"));
            return Vec::new();
        }
    };
    for column in &header {
        let known = column == "id"
            || column == "kind"
            || BOOKKEEPING.contains(&column.as_str())
            || crate::settings::fields::columns::<S>().any(|c| c == column);
        if !known {
            problems.push(format!(
                "line 1: unknown column {column:?}; the columns are id, kind, {} (and get's bookkeeping columns)",
                crate::settings::fields::columns::<S>().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if !header.iter().any(|h| h == "id") {
        problems.push("line 1: there is no id column".to_owned());
    }
    if !problems.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let present = |column: &str| {
            header
                .iter()
                .position(|h| h == column)
                .map(|i| record.get(i).map_or("", unguard_cell))
        };
        let cell = |column: &str| present(column).unwrap_or("");
        let row = (|| {
            let id = check_id(cell("id"))?;
            let kind = row_kind(&id, Some(cell("kind")), forced)?;
            let desired = crate::settings::fields::desired_from_cells::<S>(
                &present,
                cell("outcome") == "ok",
                false,
            )?;
            Ok::<_, String>(Row {
                line,
                id,
                kind,
                desired,
            })
        })();
        match row {
            Ok(row) => rows.push(row),
            Err(problem) => problems.push(format!("line {line}: {problem}")),
        }
    }
    rows
}

fn ndjson_rows<S: CliSetting>(
    text: &str,
    forced: Option<Kind>,
    problems: &mut Vec<String>,
) -> Vec<Row<S>> {
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        match ndjson_row::<S>(line, forced) {
            Ok((id, kind, desired)) => rows.push(Row {
                line: line_number,
                id,
                kind,
                desired,
            }),
            Err(problem) => problems.push(format!("line {line_number}: {problem}")),
        }
    }
    rows
}

fn ndjson_row<S: CliSetting>(
    line: &str,
    forced: Option<Kind>,
) -> Result<(String, Kind, Desired<S>), String> {
    let record: Map<String, Value> =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    for key in record.keys() {
        let known = matches!(key.as_str(), "id" | "kind" | "settings" | "error")
            || BOOKKEEPING.contains(&key.as_str());
        if !known {
            return Err(format!(
                "unknown field {key:?}; a record has id, kind and settings (as `get -o ndjson` writes)"
            ));
        }
    }
    let id = check_id(record.get("id").and_then(Value::as_str).unwrap_or(""))?;
    let kind = row_kind(&id, record.get("kind").and_then(Value::as_str), forced)?;
    let desired = match record.get("settings") {
        None | Some(Value::Null) => Desired::values(Default::default()),
        Some(Value::Object(settings)) => {
            crate::settings::fields::desired_from_json::<S>(settings, false)?
        }
        Some(_) => return Err("field settings: expected an object".to_owned()),
    };
    Ok((id, kind, desired))
}

/// One entry per id; the same id twice is fine only with the same values.
fn merge<S: CliSetting>(rows: Vec<Row<S>>, problems: &mut Vec<String>) -> Snapshot<S> {
    let mut targets = Vec::with_capacity(rows.len());
    let mut desired: HashMap<String, Desired<S>> = HashMap::with_capacity(rows.len());
    let mut first_line: HashMap<String, (usize, Kind)> = HashMap::with_capacity(rows.len());
    for row in rows {
        match first_line.entry(row.id.clone()) {
            Entry::Occupied(first) => {
                let (line, kind) = *first.get();
                if kind != row.kind || desired.get(&row.id) != Some(&row.desired) {
                    problems.push(format!(
                        "line {}: id {} is also on line {line}, with other values; keep one of the two",
                        row.line,
                        shown_id(&row.id)
                    ));
                }
            }
            Entry::Vacant(slot) => {
                slot.insert((row.line, row.kind));
                targets.push((row.id.clone(), Some(row.kind)));
                desired.insert(row.id, row.desired);
            }
        }
    }
    Snapshot { targets, desired }
}
