//! Request URLs built from a base URL parsed once per client.
//!
//! progenitor formats each request's URL as a string, which reqwest then
//! parses again in full (scheme, host through IDNA, path) on every call:
//! about 5 % of a loopback read's CPU in `cargo bench -p webex-calling
//! --bench reads`. `cargo xtask codegen` rewrites that `format!` into
//! [`build`] (see `xtask/src/lean_requests.rs`), which clones the parsed
//! base and appends the path's segments, percent-encoding each one.
//!
//! Each segment is encoded so that the server decodes it back to exactly the
//! given text: `/`, `\`, `%`, `?`, `#`, spaces and non-ASCII are escaped (the
//! URL standard's path-segment set for `http(s)`). Segments that are exactly
//! `.` or `..` are dropped by the URL standard whatever the encoding; the
//! `webex-calling` crate rejects such ids before sending.

use reqwest::Url;
use std::sync::OnceLock;

/// The base URL of one client, parsed on first use, with the text it came
/// from: a context cloned into a client with another base parses that one.
#[derive(Debug, Clone, Default)]
pub(crate) struct BaseUrl(OnceLock<(String, Result<Url, String>)>);

impl BaseUrl {
    fn parsed(&self, text: &str) -> Result<Url, String> {
        let (cached, url) = self.0.get_or_init(|| (text.to_owned(), parse(text)));
        if cached == text {
            url.clone()
        } else {
            parse(text)
        }
    }
}

fn parse(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("base URL {text:?} is not a valid URL: {e}"))?;
    if url.cannot_be_a_base() {
        return Err(format!("base URL {text:?} cannot carry a path"));
    }
    Ok(url)
}

/// `base` followed by `segments`, each percent-encoded as one path segment;
/// `Err` names what is wrong with `base`.
pub(crate) fn build(base: &str, cache: &BaseUrl, segments: &[&str]) -> Result<Url, String> {
    let mut url = cache.parsed(base)?;
    url.path_segments_mut()
        .map_err(|()| format!("base URL {base:?} cannot carry a path"))?
        // A base ending in `/` must not leave an empty segment before ours.
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::{BaseUrl, build};
    use percent_encoding::percent_decode_str;

    fn url(base: &str, segments: &[&str]) -> String {
        build(base, &BaseUrl::default(), segments)
            .expect("a valid base")
            .to_string()
    }

    #[test]
    fn segments_follow_the_base_path_with_or_without_a_trailing_slash() {
        for base in ["http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/"] {
            assert_eq!(
                url(base, &["people", "abc", "features", "bargeIn"]),
                "http://127.0.0.1:8080/v1/people/abc/features/bargeIn"
            );
        }
        assert_eq!(
            url("https://webexapis.com", &["people"]),
            "https://webexapis.com/people"
        );
    }

    #[test]
    fn every_id_is_decoded_back_to_itself_by_the_server() {
        for id in [r"a/b\c?d#e%f g", "é", "Y2lz-_.~+=", "%2F"] {
            let built =
                build("http://h/v1", &BaseUrl::default(), &["people", id]).expect("a valid base");
            let segments: Vec<&str> = built.path_segments().expect("a path").collect();
            assert_eq!(segments.len(), 3, "{built}: one segment per id");
            let decoded = percent_decode_str(segments[2])
                .decode_utf8()
                .expect("UTF-8");
            assert_eq!(decoded, id, "{built}");
            assert!(!segments[2].contains('\\'), "{built}: `\\` reads as `/`");
        }
    }

    #[test]
    fn the_cache_follows_the_base_it_is_asked_for() {
        let cache = BaseUrl::default();
        let first = build("http://a/v1", &cache, &["x"]).expect("valid");
        let other = build("http://b/v2", &cache, &["x"]).expect("valid");
        assert_eq!(first.as_str(), "http://a/v1/x");
        assert_eq!(other.as_str(), "http://b/v2/x");
    }

    #[test]
    fn a_bad_base_is_an_error_naming_it() {
        let error = build("not a url", &BaseUrl::default(), &["x"]).expect_err("invalid");
        assert!(error.contains("\"not a url\""), "{error}");
        let error = build("mailto:x@y", &BaseUrl::default(), &["x"]).expect_err("no path");
        assert!(error.contains("cannot carry a path"), "{error}");
    }
}
