//! Percent-encoding of ids placed in URL paths.
//!
//! progenitor's own `encode_path` leaves `\` alone, and the URL parser then reads
//! it as `/` in an `http(s)` URL, so an id containing a backslash would address a
//! different resource. The generator is pointed at this function instead (see
//! `xtask/src/codegen.rs`), which encodes everything outside RFC 3986's unreserved
//! set. Ids that are exactly `.` or `..` are still removed by URL normalisation
//! whatever their encoding; the `webex-calling` crate rejects them before sending.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but `A-Z a-z 0-9 - . _ ~` is encoded.
const OUTSIDE_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes one path segment so the server decodes it back to exactly `segment`.
pub(crate) fn encode_path(segment: &str) -> String {
    utf8_percent_encode(segment, OUTSIDE_UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::encode_path;

    #[test]
    fn reserved_and_non_ascii_characters_are_encoded() {
        assert_eq!(encode_path(r"a/b\c?d#e%f g"), "a%2Fb%5Cc%3Fd%23e%25f%20g");
        assert_eq!(encode_path("é"), "%C3%A9");
        assert_eq!(encode_path("Y2lz-_.~+="), "Y2lz-_.~%2B%3D");
    }
}
