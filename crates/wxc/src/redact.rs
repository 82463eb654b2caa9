//! Diagnostics on stderr, with the access token masked as a last line of
//! defence: the client never logs it, but a future dependency might.

use std::io::{self, Write};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// What replaces the token.
const MASK: &[u8] = b"[redacted]";

/// Sets up tracing on stderr for `-v` (info), `-vv` (debug), `-vvv` (trace)
/// for wxc and the client crates only: HTTP-stack internals are not shown
/// at any level. The environment (`RUST_LOG`) is ignored on purpose, so no
/// setting can turn on a dependency's header dump.
pub(crate) fn init_tracing(verbose: u8, quiet: bool, token: Option<&str>) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let filter = EnvFilter::new(format!(
        "warn,wxc={level},webex_calling={level},webex_calling_client={level},webex_calling_mock=warn"
    ));
    let secret = token
        .map(str::trim)
        .filter(|t| t.len() >= 4)
        .map(|t| Arc::<[u8]>::from(t.as_bytes()));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(verbose >= 2)
        .with_ansi(false)
        .with_writer(Redacting { secret })
        .try_init();
}

/// Hands each formatted event to a [`RedactingWriter`].
struct Redacting {
    secret: Option<Arc<[u8]>>,
}

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactingWriter;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter {
            secret: self.secret.clone(),
            buffer: Vec::new(),
        }
    }
}

/// Collects one event and writes it, masked, when dropped: masking needs the
/// whole line, since the token could span two writes.
pub(crate) struct RedactingWriter {
    secret: Option<Arc<[u8]>>,
    buffer: Vec<u8>,
}

impl Write for RedactingWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for RedactingWriter {
    fn drop(&mut self) {
        let line = match &self.secret {
            Some(secret) => mask(&self.buffer, secret),
            None => std::mem::take(&mut self.buffer),
        };
        let _ = io::stderr().write_all(&line);
    }
}

fn mask(text: &[u8], secret: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if rest.starts_with(secret) {
            out.extend_from_slice(MASK);
            rest = &rest[secret.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_every_occurrence() {
        assert_eq!(
            mask(b"a SECRET b SECRETSECRET", b"SECRET"),
            b"a [redacted] b [redacted][redacted]"
        );
        assert_eq!(mask(b"nothing", b"SECRET"), b"nothing");
    }
}
