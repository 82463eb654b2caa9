//! Secrets blanked out of text a server wrote, in each form an echo of the
//! request can hold them: as sent, form-encoded (an echoed form body) and
//! JSON-escaped (an echoed value inside a JSON string).

use std::borrow::Cow;

/// `text` with every form of each of `secrets` replaced by
/// [`REDACTED`](crate::REDACTED): as given, form-encoded and JSON-escaped,
/// the forms in which a server's echo of a request holds them. Borrowed
/// when none is in it. The caller chooses which secrets are long enough
/// to blank without blanking innocent text; an empty one is skipped.
///
/// ```
/// let echo = r#"{"message": "bad token se"cret-123"}"#;
/// assert_eq!(
///     webex_calling::blank_secrets(echo, &["se\"cret-123"]),
///     r#"{"message": "bad token <redacted>"}"#
/// );
/// ```
pub fn blank_secrets<'a, S: AsRef<str>>(text: &'a str, secrets: &[S]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for secret in secrets.iter().map(AsRef::as_ref).filter(|s| !s.is_empty()) {
        // Most secrets read the same in every form: no other form to make
        // (this runs on every record `wxc` writes).
        if is_plain(secret) {
            if out.contains(secret) {
                out = Cow::Owned(out.replace(secret, crate::REDACTED));
            }
            continue;
        }
        for form in forms(secret) {
            if out.contains(form.as_str()) {
                out = Cow::Owned(out.replace(form.as_str(), crate::REDACTED));
            }
        }
    }
    out
}

/// Whether form encoding and JSON escaping leave `secret` as it is.
fn is_plain(secret: &str) -> bool {
    secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_'))
}

/// The forms of `secret`: itself, form-encoded and JSON-escaped.
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![secret.to_owned()];
    let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let escaped = serde_json::to_string(secret).unwrap_or_default();
    let escaped = escaped
        .strip_prefix('"')
        .and_then(|e| e.strip_suffix('"'))
        .unwrap_or(secret)
        .to_owned();
    for form in [encoded, escaped] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_is_blanked() {
        let secret = "se cr\"et\\+/x";
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let escaped = r#"se cr\"et\\+/x"#;
        let text = format!("a {secret} b {encoded} c {escaped} d");
        assert_eq!(
            blank_secrets(&text, &[secret]),
            "a <redacted> b <redacted> c <redacted> d"
        );
        assert!(matches!(
            blank_secrets("nothing here", &[secret]),
            Cow::Borrowed(_)
        ));
        assert_eq!(blank_secrets("x", &[""]), "x");
    }
}
