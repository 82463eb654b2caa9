//! Per-client state that the request hooks consult.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// What the generated [`Client`](crate::Client) adds to every request it sends.
///
/// With [`RequestContext::default()`] nothing is added, which suits a
/// `reqwest::Client` that already carries an `Authorization` default header.
/// With [`RequestContext::with_bearer_token`] each request gets
/// `Authorization: Bearer <token>`, marked sensitive so that `reqwest` and
/// `http` never print it.
///
/// `Debug` never shows the token:
///
/// ```
/// let context = webex_calling_client::RequestContext::with_bearer_token("secret-token");
/// assert!(!format!("{context:?}").contains("secret-token"));
/// ```
#[derive(Clone, Default)]
pub struct RequestContext {
    bearer_token: Option<SecretString>,
}

impl RequestContext {
    /// A context that sends `Authorization: Bearer <token>` with every request.
    pub fn with_bearer_token(token: impl Into<String>) -> Self {
        Self {
            bearer_token: Some(SecretString::from(token.into())),
        }
    }

    /// The bearer token, if one was set. Keep what this returns out of logs.
    pub fn bearer_token(&self) -> Option<&str> {
        self.bearer_token
            .as_ref()
            .map(|token| token.expose_secret())
    }
}

impl fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = self.bearer_token.as_ref().map(|_| "<redacted>");
        f.debug_struct("RequestContext")
            .field("bearer_token", &token)
            .finish()
    }
}
