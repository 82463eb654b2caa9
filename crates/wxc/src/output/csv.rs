//! `csv`: a header line, then one row per record. Cells that a spreadsheet
//! would run as formulas are guarded.

use super::{Render, Row};
use crate::display::guard_cell;

pub(crate) struct Csv {
    header: Vec<String>,
}

impl Csv {
    pub(crate) fn new(header: Vec<String>) -> Self {
        Self { header }
    }
}

pub(crate) fn write_row(out: &mut Vec<u8>, row: Vec<String>) {
    let mut writer = ::csv::WriterBuilder::new()
        .buffer_capacity(512)
        .from_writer(out);
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(row.into_iter().map(guard_cell));
    let _ = writer.flush();
}

impl<R: Row> Render<R> for Csv {
    fn begin(&mut self, out: &mut Vec<u8>) {
        write_row(out, self.header.clone());
    }

    fn record(&mut self, record: &R, out: &mut Vec<u8>) {
        write_row(out, record.csv_cells(self.header.len()));
    }

    fn finish(&mut self, _out: &mut Vec<u8>) {}
}
