//! `csv`: a header line, then one row per record. For `set`, every setting
//! has a `_before` and an `_after` column, so the file stays machine-readable.

use super::Render;
use crate::display::guard_cell;
use crate::job::Job;
use crate::record::{Body, Record};
use crate::settings::{CliSetting, Flavor};

pub(crate) struct Csv {
    header: Vec<String>,
    set: bool,
    settings: usize,
}

impl Csv {
    pub(crate) fn new<S: CliSetting>(job: &Job<S>) -> Self {
        let columns = S::COLUMNS;
        let mut header = vec!["id".to_owned(), "kind".to_owned(), "outcome".to_owned()];
        for column in columns {
            if job.is_set() {
                header.push(format!("{column}_before"));
                header.push(format!("{column}_after"));
            } else {
                header.push((*column).to_owned());
            }
        }
        header.extend(["status", "error_kind", "message", "tracking_id"].map(String::from));
        Self {
            header,
            set: job.is_set(),
            settings: columns.len(),
        }
    }
}

fn write_row(out: &mut Vec<u8>, row: Vec<String>) {
    let mut writer = ::csv::WriterBuilder::new()
        .buffer_capacity(512)
        .from_writer(out);
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(row.into_iter().map(guard_cell));
    let _ = writer.flush();
}

impl<S: CliSetting> Render<S> for Csv {
    fn begin(&mut self, out: &mut Vec<u8>) {
        write_row(out, self.header.clone());
    }

    fn record(&mut self, record: &Record<S>, out: &mut Vec<u8>) {
        let mut row = Vec::with_capacity(self.header.len());
        row.push(record.id.clone());
        row.push(
            record
                .kind
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
        );
        row.push(record.outcome.as_str().to_owned());
        let width = if self.set {
            self.settings * 2
        } else {
            self.settings
        };
        match &record.body {
            Body::Settings(settings) => row.extend(S::cells(settings, Flavor::Csv)),
            Body::Change { before, after, .. } => {
                for (old, new) in S::cells(before, Flavor::Csv)
                    .into_iter()
                    .zip(S::cells(after, Flavor::Csv))
                {
                    row.push(old);
                    row.push(new);
                }
            }
            Body::Failed(_) => row.extend(std::iter::repeat_n(String::new(), width)),
        }
        match record.failure() {
            Some(failure) => {
                row.push(failure.status.map(|s| s.to_string()).unwrap_or_default());
                row.push(failure.kind.to_owned());
                row.push(failure.message.clone());
                row.push(failure.tracking_id.clone().unwrap_or_default());
            }
            None => row.extend(std::iter::repeat_n(String::new(), 4)),
        }
        write_row(out, row);
    }

    fn finish(&mut self, _out: &mut Vec<u8>) {}
}
