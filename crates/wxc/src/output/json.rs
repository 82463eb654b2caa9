//! `json` (one array, streamed element by element) and `ndjson`.

use super::{Render, Row};

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

impl<R: Row> Render<R> for Json {
    fn begin(&mut self, out: &mut Vec<u8>) {
        if self.array {
            out.push(b'[');
        }
    }

    fn record(&mut self, record: &R, out: &mut Vec<u8>) {
        if self.array {
            out.extend_from_slice(if self.first { b"\n" } else { b",\n" });
            record.write_json(out, true);
        } else {
            record.write_json(out, false);
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
