//! `table`: for people at a terminal. A table needs all its rows to size its
//! columns, so rows are rendered in chunks, which keeps memory bounded for
//! any number of ids.

use super::{Render, Row};
use crate::display::escape_owned;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table as Comfy};

/// Rows per rendered table.
const CHUNK: usize = 500;

pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(header: Vec<String>) -> Self {
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

impl<R: Row> Render<R> for Table {
    fn begin(&mut self, _out: &mut Vec<u8>) {}

    fn record(&mut self, record: &R, out: &mut Vec<u8>) {
        // Cells come from input files and servers: nothing in them may
        // drive the terminal.
        self.rows
            .push(record.table_cells().into_iter().map(escape_owned).collect());
        if self.rows.len() >= CHUNK {
            self.render(out);
        }
    }

    fn held(&self) -> usize {
        self.rows.len()
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        self.render(out);
    }
}
