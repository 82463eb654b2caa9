//! `json` (one array, streamed element by element) and `ndjson`.

use super::Render;
use crate::record::Record;
use crate::settings::CliSetting;

pub(crate) struct Json {
    array: bool,
    first: bool,
}

impl Json {
    pub(crate) fn array() -> Self {
        Self {
            array: true,
            first: true,
        }
    }

    pub(crate) fn lines() -> Self {
        Self {
            array: false,
            first: true,
        }
    }
}

impl<S: CliSetting> Render<S> for Json {
    fn begin(&mut self, out: &mut Vec<u8>) {
        if self.array {
            out.push(b'[');
        }
    }

    fn record(&mut self, record: &Record<S>, out: &mut Vec<u8>) {
        let value = record.json_view();
        // Writing JSON values into a Vec cannot fail.
        if self.array {
            out.extend_from_slice(if self.first { b"\n" } else { b",\n" });
            let _ = serde_json::to_writer_pretty(&mut *out, &value);
        } else {
            let _ = serde_json::to_writer(&mut *out, &value);
            out.push(b'\n');
        }
        self.first = false;
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        if self.array {
            out.extend_from_slice(if self.first { b"]\n" } else { b"\n]\n" });
        }
    }
}
