//! How a run ends: exit statuses, usage errors and the one way to talk on
//! stderr. Everything may use it; it uses only `redact`, to mask secrets.

use std::io::Write;

/// Exit status when every id succeeded.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status when at least one id failed.
pub(crate) const EXIT_FAILED: u8 = 1;
/// Exit status for a usage or configuration error.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit status of `apply --dry-run --detailed-exitcode` when something would change.
pub(crate) const EXIT_WOULD_CHANGE: u8 = 3;
/// Exit status after Ctrl-C (128 + SIGINT, as shells report it).
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

/// A usage or configuration problem: a message that says what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(String);

/// A usage error with this message.
pub(crate) fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// Writes a line to stderr, secrets masked. A closed stderr (`wxc ... 2>&1
/// | head -1`) is not an error worth dying for: wxc just stops talking.
pub(crate) fn say(line: &str) {
    let line = crate::redact::mask(line);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(line.as_bytes())
        .and_then(|()| stderr.write_all(b"\n"));
}
