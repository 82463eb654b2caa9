//! Making untrusted text safe to show: ids and messages come from input files
//! and servers, and may carry terminal escape sequences or spreadsheet formulas.

use std::borrow::Cow;
use std::fmt::Write;

/// The longest id shown whole; longer ones are cut with a note of their length.
const SHOWN_ID_CHARS: usize = 120;

/// `text` with control characters escaped (`\u{1b}`, `\n`, ...), so it cannot
/// move the cursor, recolour or retitle a terminal.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    escape_cut(text, usize::MAX)
}

/// An id as shown to people: escaped, and cut when it is far longer than any
/// Webex id (a garbage line of an input file).
pub(crate) fn shown_id(id: &str) -> Cow<'_, str> {
    escape_cut(id, SHOWN_ID_CHARS)
}

/// [`shown_id`] in double quotes, for a value quoted in a message. (`{:?}`
/// of it would escape its escapes again: `"true\\u{0}"`.)
pub(crate) fn quoted(text: &str) -> String {
    format!("\"{}\"", shown_id(text))
}

fn escape_cut(text: &str, max_chars: usize) -> Cow<'_, str> {
    let long = max_chars != usize::MAX && text.chars().nth(max_chars).is_some();
    if !long && !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4096) + 32);
    for c in text.chars().take(max_chars) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if long {
        let _ = write!(out, "… ({} bytes)", text.len());
    }
    Cow::Owned(out)
}

/// An owned string with control characters escaped, reusing it when clean.
pub(crate) fn escape_owned(text: String) -> String {
    match escape(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

/// A csv cell that a spreadsheet will not run as a formula: cells starting
/// with `=`, `+`, `-`, `@`, tab or carriage return get a leading `'`, as
/// OWASP's "CSV injection" advice describes. A cell that already starts with
/// `'` gets one too, so that [`unguard_cell`] can tell the two apart: every
/// value comes back exactly.
pub(crate) fn guard_cell(cell: String) -> String {
    if cell.starts_with(GUARDED) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The first characters [`guard_cell`] prefixes.
const GUARDED: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// The cell as written before [`guard_cell`].
pub(crate) fn unguard_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(GUARDED) => rest,
        _ => cell,
    }
}

/// `1 id`, `2 ids`.
pub(crate) fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_is_escaped_once() {
        assert_eq!(quoted("true\0"), "\"true\\u{0}\"");
        assert_eq!(quoted("plain"), "\"plain\"");
    }

    #[test]
    fn escapes_control_characters() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a\u{1b}[31mred\n"), "a\\u{1b}[31mred\\n");
    }

    #[test]
    fn cuts_long_text() {
        let shown = shown_id(&"x".repeat(1000)).into_owned();
        assert!(shown.ends_with("… (1000 bytes)"), "{shown}");
        assert!(shown.len() < 200);
    }

    #[test]
    fn guards_formula_cells_and_undoes_it() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"] {
            let guarded = guard_cell(cell.to_owned());
            assert!(guarded.starts_with('\''), "{guarded}");
            assert_eq!(unguard_cell(&guarded), cell);
        }
        assert_eq!(guard_cell("Y2lz".to_owned()), "Y2lz");
        // A hand-written cell starting with a quote is taken as it is.
        assert_eq!(unguard_cell("'quoted"), "'quoted");
    }

    #[test]
    fn every_value_round_trips() {
        for cell in [
            "'=X", "'quoted", "''", "'", "=X", "plain", "", " spaced ", "'+1",
        ] {
            assert_eq!(unguard_cell(&guard_cell(cell.to_owned())), cell, "{cell:?}");
        }
    }
}
