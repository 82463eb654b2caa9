//! Bearer-token checks.

use std::collections::HashSet;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

/// What a valid token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Reads and writes.
    Full,
    /// Reads only: writes answer 403.
    ReadOnly,
}

/// The accepted tokens. With no full-access token configured any non-empty bearer
/// token is accepted, which is what most tests and benchmarks want.
#[derive(Debug, Default)]
pub(crate) struct Auth {
    pub(crate) full: HashSet<String>,
    pub(crate) read_only: HashSet<String>,
}

/// The bearer token of a request, if it has one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|token| !token.is_empty())
}

impl Auth {
    /// Returns `None` when the request must be answered 401.
    pub(crate) fn check(&self, headers: &HeaderMap) -> Option<Access> {
        let token = bearer(headers)?;
        if token.is_empty() {
            None
        } else if self.read_only.contains(token) {
            Some(Access::ReadOnly)
        } else if self.full.is_empty() || self.full.contains(token) {
            Some(Access::Full)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::{Access, Auth};

    fn with(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn any_token_by_default_and_configured_tokens_otherwise() {
        let open = Auth::default();
        assert_eq!(open.check(&with("Bearer x")), Some(Access::Full));
        assert_eq!(open.check(&with("bearer  x ")), Some(Access::Full));
        assert_eq!(open.check(&with("Bearer ")), None);
        assert_eq!(open.check(&with("Basic x")), None);
        assert_eq!(open.check(&HeaderMap::new()), None);

        let closed = Auth {
            full: ["rw".to_owned()].into(),
            read_only: ["ro".to_owned()].into(),
        };
        assert_eq!(closed.check(&with("Bearer rw")), Some(Access::Full));
        assert_eq!(closed.check(&with("Bearer ro")), Some(Access::ReadOnly));
        assert_eq!(closed.check(&with("Bearer other")), None);
    }
}
