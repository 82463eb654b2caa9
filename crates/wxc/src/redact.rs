//! Secrets kept out of everything wxc writes: the access tokens (the one
//! given, and every one a refresh brings), the refresh token and the client
//! secret are remembered here, and every record, file line and stderr line
//! is masked before it is written, whatever a server echoes back. Also the
//! diagnostics on stderr, masked as a last line of defence: the client never
//! logs a token, but a future dependency might.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::{PoisonError, RwLock};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Shorter strings are not masked: they would mask ordinary words.
const MIN_SECRET: usize = 8;

/// Every secret seen so far.
static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Remembers `secret` (trimmed), so that it is masked from now on.
pub(crate) fn remember(secret: &str) {
    let secret = secret.trim();
    if secret.len() < MIN_SECRET {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(PoisonError::into_inner);
    if !secrets.iter().any(|known| known == secret) {
        secrets.push(secret.to_owned());
    }
}

/// `text` with every remembered secret replaced by `<redacted>` (the
/// library's spelling), in every form an echo can hold it, by the library's
/// rule: a record's JSON, say, escapes a `"` or `\` in it.
pub(crate) fn mask(text: &str) -> Cow<'_, str> {
    let secrets = SECRETS.read().unwrap_or_else(PoisonError::into_inner);
    webex_calling::blank_secrets(text, &secrets)
}

/// Masks the secrets in `buffer[start..]` in place (text as the formats
/// write it; bytes that are not UTF-8 hold no secret and are left).
pub(crate) fn mask_tail(buffer: &mut Vec<u8>, start: usize) {
    let Some(tail) = buffer.get(start..) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(tail) else {
        return;
    };
    if let Cow::Owned(masked) = mask(text) {
        buffer.truncate(start);
        buffer.extend_from_slice(masked.as_bytes());
    }
}

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
    if let Some(token) = token {
        remember(token);
    }
    mask_panics();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(verbose >= 2)
        .with_ansi(false)
        .with_writer(Redacting);
    // Without -v only warnings and errors show: in wxc's own voice, as its
    // other messages, not as timestamped log lines.
    // From -v on, each call's span is printed as it closes: one line per
    // request, with its status, latency and tracking id.
    let _ = if verbose == 0 {
        builder.event_format(Plain).try_init()
    } else {
        builder
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .try_init()
    };
}

/// `wxc: warning: <message> field=value ...`: a diagnostic at the default
/// verbosity.
struct Plain;

impl<S, N> tracing_subscriber::fmt::FormatEvent<S, N> for Plain
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    N: for<'a> tracing_subscriber::fmt::FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &tracing_subscriber::fmt::FmtContext<'_, S, N>,
        mut writer: tracing_subscriber::fmt::format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        let label = match *event.metadata().level() {
            tracing::Level::ERROR => "error",
            tracing::Level::WARN => "warning",
            _ => "note",
        };
        write!(writer, "wxc: {label}: ")?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// A panic's message is masked too: one built from a server's answer could
/// hold a secret. One without any is left to the default hook (and its
/// backtrace).
fn mask_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info.to_string();
        match mask(&text) {
            Cow::Borrowed(_) => default(info),
            Cow::Owned(masked) => eprintln!("wxc: {masked}"),
        }
    }));
}

/// Hands each formatted event to a [`RedactingWriter`].
struct Redacting;

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactingWriter;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter { buffer: Vec::new() }
    }
}

/// Collects one event and writes it, masked, when dropped: masking needs the
/// whole line, since the token could span two writes.
pub(crate) struct RedactingWriter {
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
        let line = String::from_utf8_lossy(&self.buffer);
        let _ = io::stderr().write_all(mask(&line).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::{mask, mask_tail, remember};

    #[test]
    fn masks_every_occurrence_of_every_secret() {
        remember("SECRET-ONE");
        remember("short");
        remember("  SECRET-TWO\n");
        assert_eq!(
            mask("a SECRET-ONE b SECRET-TWOSECRET-ONE"),
            "a <redacted> b <redacted><redacted>"
        );
        assert_eq!(mask("nothing short here"), "nothing short here");
        // As a record's JSON holds a secret with a quote or a backslash.
        remember(r#"SECRET"TH\REE"#);
        assert_eq!(mask(r#"{"x":"SECRET\"TH\\REE"}"#), r#"{"x":"<redacted>"}"#);
        let mut buffer = b"kept SECRET-ONE|tail SECRET-TWO".to_vec();
        mask_tail(&mut buffer, 16);
        assert_eq!(buffer, b"kept SECRET-ONE|tail <redacted>");
    }
}
