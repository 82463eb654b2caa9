//! The undo journal of `set` and `apply`: before a target's update is sent,
//! the fields it changes are recorded as they were, durably, in a file that
//! `apply` reads back (csv or ndjson). Made on the first change, so a run
//! that changes nothing leaves no file.

use crate::settings::CliSetting;
use crate::settings::fields::{Flavor, cells, columns};
use futures::future::BoxFuture;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use webex_calling::{Error, FieldKind, Journal, JournalFile, NdjsonJournal, Setting, Target};

/// The journal's format: what `apply` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Ndjson,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ndjson => "ndjson",
        }
    }
}

/// A journal created on first use, at a path chosen up front.
pub(crate) struct UndoJournal<S> {
    /// Where it goes: `--undo-file`, else `wxc-undo-<time>-<pid>.<ext>` in
    /// the current directory, else in the temporary directory.
    candidates: Vec<PathBuf>,
    format: Format,
    file: OnceLock<Result<JournalFile, String>>,
    setting: std::marker::PhantomData<fn() -> S>,
}

impl<S: CliSetting> UndoJournal<S> {
    /// A journal at `path`, or at the default name.
    pub(crate) fn new(path: Option<PathBuf>, format: Format) -> Arc<Self> {
        let candidates = match path {
            Some(path) => vec![path],
            None => {
                let name = format!(
                    "wxc-undo-{}-{}.{}",
                    crate::resume::stamp(),
                    std::process::id(),
                    format.extension()
                );
                vec![
                    PathBuf::from(".").join(&name),
                    std::env::temp_dir().join(name),
                ]
            }
        };
        Arc::new(Self {
            candidates,
            format,
            file: OnceLock::new(),
            setting: std::marker::PhantomData,
        })
    }

    /// Whether the journal can be made where it is to go, found out before
    /// the first request (by making and removing the file) rather than at
    /// the first change: a run whose changes could not be journaled stops.
    pub(crate) fn check(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        for path in &self.candidates {
            let probe = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path);
            // Closed before it is removed; one left behind would make the
            // journal's own `create_new` fail at the first change.
            match probe.map(drop).and_then(|()| std::fs::remove_file(path)) {
                Ok(()) => return Ok(()),
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
        Err(format!(
            "cannot create the undo journal ({}); name a new file with --undo-file \
             (an existing one is never overwritten) or pass --no-undo",
            problems.join("; ")
        ))
    }

    /// The file and how many records it holds, once something was recorded:
    /// after the records still on their way to the disk got there (a run
    /// that stopped early leaves some whose change was never sent).
    pub(crate) async fn written(&self) -> Option<(PathBuf, u64)> {
        let Some(Ok(file)) = self.file.get() else {
            return None;
        };
        file.settled().await;
        (file.lines() > 0).then(|| (file.path().to_owned(), file.lines()))
    }

    fn file(&self) -> Result<&JournalFile, Error> {
        let opened = self.file.get_or_init(|| {
            let header = match self.format {
                Format::Csv => Some(csv_line(header::<S>())),
                Format::Ndjson => None,
            };
            let mut last = String::from("no place to write it");
            for path in &self.candidates {
                match JournalFile::create(path, header.as_deref()) {
                    Ok(file) => return Ok(file),
                    Err(error) => last = error.to_string(),
                }
            }
            Err(last)
        });
        opened.as_ref().map_err(|message| Error::Journal {
            message: message.clone(),
        })
    }
}

impl<S: CliSetting> Journal<S> for UndoJournal<S> {
    fn record<'a>(
        &'a self,
        target: &'a Target,
        before: &'a S::Settings,
        update: &'a S::Update,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let file = self.file()?;
            match self.format {
                Format::Ndjson => {
                    Journal::<S>::record(&NdjsonJournal::new(file.clone()), target, before, update)
                        .await
                }
                Format::Csv => {
                    file.append(csv_line(csv_row::<S>(target, before, update)))
                        .await
                }
            }
        })
    }
}

/// `id,kind,outcome,<setting columns>`.
fn header<S: Setting>() -> Vec<String> {
    ["id", "kind", "outcome"]
        .into_iter()
        .chain(columns::<S>())
        .map(str::to_owned)
        .collect()
}

/// The undo row: the changed fields' cells as they were, the others empty
/// (left alone). `outcome` is `ok` when the row holds a member list, so that
/// an empty member cell there means "no members", as in a `get` snapshot.
fn csv_row<S: Setting>(target: &Target, before: &S::Settings, update: &S::Update) -> Vec<String> {
    let state = webex_calling::undo_state::<S>(before, update);
    let all = cells::<S>(before, Flavor::Csv);
    let holds_list = S::FIELDS
        .iter()
        .any(|f| f.kind == FieldKind::Ids && state.contains_key(f.name));
    let mut row = vec![
        target.id().to_owned(),
        target.kind().as_str().to_owned(),
        if holds_list { "ok" } else { "" }.to_owned(),
    ];
    for (field, cell) in S::FIELDS.iter().zip(all) {
        let changed = state
            .get(field.name)
            .is_some_and(|v| !matches!(v, Value::Null));
        row.push(if changed { cell } else { String::new() });
    }
    row
}

fn csv_line(cells: Vec<String>) -> Vec<u8> {
    let mut line = Vec::new();
    crate::output::csv::write_row(&mut line, cells);
    line
}
