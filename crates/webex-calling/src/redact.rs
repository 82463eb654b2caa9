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
            blank_form(&mut out, secret);
            continue;
        }
        for form in forms(secret) {
            blank_form(&mut out, &form);
        }
    }
    out
}

/// What marks where a text was cut to an excerpt, here and in the client
/// crate's hooks.
const CUT: char = '…';
/// The shortest start of a secret blanked before a cut: shorter ones tell
/// nothing and would blank innocent text.
const MIN_CUT_START: usize = 4;

/// Blanks `form` in `out`, and its start where the text was cut right after
/// it: an excerpt cut short of the whole secret, which the whole secret's
/// form no longer matches.
fn blank_form(out: &mut Cow<'_, str>, form: &str) {
    if out.contains(form) {
        *out = Cow::Owned(out.replace(form, crate::REDACTED));
    }
    if !out.contains(CUT) {
        return;
    }
    let mut from = 0;
    while let Some(at) = out
        .get(from..)
        .and_then(|rest| rest.find(CUT))
        .map(|i| i + from)
    {
        let before = out.get(..at).unwrap_or_default();
        let start = (MIN_CUT_START..form.len())
            .rev()
            .filter_map(|k| form.get(..k))
            .find(|start| before.ends_with(start));
        from = at + CUT.len_utf8();
        if let Some(start) = start {
            let begin = at - start.len();
            out.to_mut().replace_range(begin..at, crate::REDACTED);
            from = begin + crate::REDACTED.len() + CUT.len_utf8();
        }
    }
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
        assert_eq!(
            blank_secrets("a plain-Token.1 b", &["plain-Token.1"]),
            "a <redacted> b"
        );
        assert!(is_plain("abc-DEF_1.2*") && !is_plain("a+b") && !is_plain("a b"));
    }

    #[test]
    fn the_start_of_a_secret_at_a_cut_is_blanked() {
        let secret = "SECRET-TOKEN-42";
        assert_eq!(
            blank_secrets("body zzzSECRET-TOK…", &[secret]),
            "body zzz<redacted>…"
        );
        assert_eq!(
            blank_secrets("a SECRET-TOKEN-42 b SECR… c SE… d", &[secret]),
            "a <redacted> b <redacted>… c SE… d"
        );
        assert_eq!(blank_secrets("nothing… here…", &[secret]), "nothing… here…");
        assert_eq!(blank_secrets("…SECRET-T", &[secret]), "…SECRET-T");
    }
}
