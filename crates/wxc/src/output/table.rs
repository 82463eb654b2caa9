//! `table`: for people at a terminal. A table needs all its rows to size its
//! columns, so rows are rendered in chunks, which keeps memory bounded for
//! any number of ids.

use super::Render;
use crate::display::{escape_owned, shown_id};
use crate::job::Job;
use crate::record::{Body, Record};
use crate::settings::{CliSetting, Flavor};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table as Comfy};

/// Rows per rendered table.
const CHUNK: usize = 500;

pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new<S: CliSetting>(_: &Job<S>) -> Self {
        let mut header = vec!["id".to_owned(), "kind".to_owned(), "outcome".to_owned()];
        header.extend(S::COLUMNS.iter().map(|c| c.replace('_', " ")));
        header.push("error".to_owned());
        Self {
            header,
            rows: Vec::new(),
        }
    }

    fn render(&mut self, out: &mut Vec<u8>) {
        if self.rows.is_empty() {
            return;
        }
        let mut table = Comfy::new();
        // Some pseudo-terminals (CI runners, `script`) report a width of zero;
        // wrapping to that would put one character per line, so such widths
        // fall back to unwrapped rows.
        let arrangement = match table.width() {
            Some(width) if width >= MIN_WRAP_WIDTH => ContentArrangement::Dynamic,
            _ => ContentArrangement::Disabled,
        };
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(arrangement)
            .set_header(&self.header);
        for row in self.rows.drain(..) {
            table.add_row(row);
        }
        out.extend_from_slice(table.to_string().as_bytes());
        out.push(b'\n');
    }
}

/// Below this terminal width, wrapping cells does more harm than good.
const MIN_WRAP_WIDTH: u16 = 40;

impl<S: CliSetting> Render<S> for Table {
    fn begin(&mut self, _out: &mut Vec<u8>) {}

    fn record(&mut self, record: &Record<S>, out: &mut Vec<u8>) {
        let settings = S::COLUMNS.len();
        let mut row = vec![
            shown_id(&record.id).into_owned(),
            record.kind.map(|k| k.as_str()).unwrap_or("?").to_owned(),
            record.outcome.as_str().to_owned(),
        ];
        match &record.body {
            Body::Settings(settings) => row.extend(S::cells(settings, Flavor::Table)),
            Body::Change { before, after, .. } => {
                for (old, new) in S::cells(before, Flavor::Table)
                    .into_iter()
                    .zip(S::cells(after, Flavor::Table))
                {
                    row.push(if old == new {
                        new
                    } else {
                        format!("{old} -> {new}")
                    });
                }
            }
            Body::Failed(_) => row.extend(std::iter::repeat_n(String::new(), settings)),
        }
        row.push(match record.failure() {
            Some(failure) => {
                let mut text = match failure.status {
                    Some(status) => format!("{status} {}: {}", failure.kind, failure.message),
                    None => format!("{}: {}", failure.kind, failure.message),
                };
                if let Some(tracking_id) = &failure.tracking_id {
                    text.push_str(&format!(" (tracking id {tracking_id})"));
                }
                text
            }
            None => String::new(),
        });
        // Cells come from input files and servers: nothing in them may
        // drive the terminal.
        self.rows.push(row.into_iter().map(escape_owned).collect());
        if self.rows.len() >= CHUNK {
            self.render(out);
        }
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        self.render(out);
    }
}
