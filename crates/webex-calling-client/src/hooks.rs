//! The request hooks progenitor calls around every operation.
//!
//! They exist to fix two things progenitor cannot be configured to do (the
//! `api-version` header progenitor would send, which Webex does not define, is
//! removed from the generated code by `xtask/src/lean_requests.rs`):
//!
//! * the bearer token of [`RequestContext`] is added per request (so one
//!   `reqwest::Client` and its connection pool can serve many tokens);
//! * when an error response's body is not a Webex error object (a gateway's HTML
//!   page, plain text, truncated JSON), progenitor would return
//!   `Error::InvalidResponsePayload`, which drops the HTTP status and headers. The
//!   body is instead rewritten to `{"message": "<excerpt of the body>"}` so the
//!   caller gets `Error::ErrorResponse` with the real status, headers (including
//!   `Retry-After` and `TrackingID`) and the body text as the message.
//!
//! Only the first [`ERROR_BODY_LIMIT`] bytes of an error body are read, and a
//! success body larger than Webex ever sends ([`SETTINGS_BODY_LIMIT`],
//! [`LIST_BODY_LIMIT`]) is refused with [`BodyTooLarge`] without being read
//! whole, so a broken or hostile server cannot make the client buffer an
//! endless body.

use crate::types::WebexError;
use crate::{Client, ClientInfo, Error, RequestContext};
use bytes::Bytes;
use http_body_util::BodyExt;
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use std::pin::Pin;
use std::task::{Context, Poll};

/// How much of a non-JSON error body is kept as the error message.
const BODY_EXCERPT_CHARS: usize = 512;

/// The most bytes of an error body that are read: far more than any Webex
/// error object, far less than a runaway body. A longer body is cut here, so
/// it no longer parses and is reported by its excerpt.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The largest settings body read. A setting is a few fields and at most a
/// member list; even ten thousand members (Webex shows far fewer) are about
/// 4 MB of JSON.
pub const SETTINGS_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The largest listing page read: at most 1,000 items (Webex's cap per
/// page) of a few KiB each is a few MB.
pub const LIST_BODY_LIMIT: usize = 32 * 1024 * 1024;

/// A success body larger than the client reads: the request fails with this
/// as the source of its error, and the rest of the body is never read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the response body is larger than the {} MiB this client reads{}", .limit / 1024 / 1024, match .length { Some(length) => format!(" ({length} bytes)"), None => String::new() })]
pub struct BodyTooLarge {
    /// The limit, in bytes.
    pub limit: usize,
    /// The body's length, when the server declared it.
    pub length: Option<u64>,
}

impl ClientHooks<RequestContext> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let authorization = self.inner().authorization().map_err(|_| {
            Error::InvalidRequest(
                "the access token contains characters that cannot be sent in an HTTP header"
                    .to_owned(),
            )
        })?;
        if let Some(value) = authorization {
            request.headers_mut().insert(AUTHORIZATION, value.clone());
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let response = self.client().execute(request).await?;
        let status = response.status();
        if !(status.is_client_error() || status.is_server_error()) {
            // An undocumented status (a 3xx) is read only in part by the
            // ergonomic crate, which needs its start for the message.
            if !status.is_success() {
                return Ok(response);
            }
            let limit = if info.operation_id.starts_with("list_") || info.operation_id == "get_page"
            {
                LIST_BODY_LIMIT
            } else {
                SETTINGS_BODY_LIMIT
            };
            return Ok(limit_body(response, limit).await);
        }
        let mut parts = http::Response::new(()).into_parts().0;
        parts.status = status;
        parts.version = response.version();
        parts.headers = response.headers().clone();
        let body = read_prefix(response, ERROR_BODY_LIMIT).await?;
        let body = match serde_json::from_slice::<WebexError>(&body) {
            Ok(_) => body,
            Err(_) => {
                parts.headers.remove(CONTENT_LENGTH);
                parts
                    .headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                synthesized_error_body(&body)
            }
        };
        Ok(reqwest::Response::from(http::Response::from_parts(
            parts, body,
        )))
    }
}

/// The first `limit` bytes of a response body; the rest is never read (the
/// connection is closed rather than drained), so a huge or endless error body
/// costs at most `limit` bytes of memory.
///
/// ```no_run
/// # async fn run(response: reqwest::Response) -> reqwest::Result<()> {
/// let start = webex_calling_client::read_prefix(response, 64 * 1024).await?;
/// assert!(start.len() <= 64 * 1024);
/// # Ok(())
/// # }
/// ```
pub async fn read_prefix(
    mut response: reqwest::Response,
    limit: usize,
) -> reqwest::Result<bytes::Bytes> {
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit.saturating_sub(body.len());
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// `response` with a body of at most `limit` bytes, or whose body fails with
/// [`BodyTooLarge`]. A declared length within the limit is trusted (the HTTP
/// stack holds the body to it), so the usual response passes untouched; only
/// a body without a length is read here, and only up to the limit.
async fn limit_body(response: reqwest::Response, limit: usize) -> reqwest::Response {
    match response.content_length() {
        Some(length) if length <= limit as u64 => return response,
        Some(length) => {
            return failing(
                response,
                BodyTooLarge {
                    limit,
                    length: Some(length),
                },
            );
        }
        None => {}
    }
    let (parts, body) = http::Response::from(response).into_parts();
    let body = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => reqwest::Body::from(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            reqwest::Body::wrap(Failing(Some(Box::new(BodyTooLarge {
                limit,
                length: None,
            }))))
        }
        // A transport error part-way: handed on, for the caller to report.
        Err(error) => reqwest::Body::wrap(Failing(Some(error))),
    };
    reqwest::Response::from(http::Response::from_parts(parts, body))
}

/// `response` with its body replaced by one that fails with `error`.
fn failing(response: reqwest::Response, error: BodyTooLarge) -> reqwest::Response {
    let (parts, _) = http::Response::from(response).into_parts();
    let body = reqwest::Body::wrap(Failing(Some(Box::new(error))));
    reqwest::Response::from(http::Response::from_parts(parts, body))
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A body whose first read fails with the error it holds.
struct Failing(Option<BoxError>);

impl http_body::Body for Failing {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        Poll::Ready(self.0.take().map(Err))
    }
}

/// A Webex-shaped error body whose message is the start of the raw body.
fn synthesized_error_body(raw: &[u8]) -> bytes::Bytes {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim();
    let mut message: String = text.chars().take(BODY_EXCERPT_CHARS).collect();
    if message.len() < text.len() {
        message.push('…');
    }
    if message.is_empty() {
        message.push_str("(empty response body)");
    }
    let body = serde_json::json!({ "message": message });
    bytes::Bytes::from(body.to_string())
}

#[cfg(test)]
mod tests {
    use super::synthesized_error_body;

    #[test]
    fn html_body_becomes_a_message() {
        let body = synthesized_error_body(b"<html>502 Bad Gateway</html>");
        let value: serde_json::Value =
            serde_json::from_slice(&body).expect("the synthesized body is JSON");
        assert_eq!(value["message"], "<html>502 Bad Gateway</html>");
    }

    #[test]
    fn long_body_is_cut_and_marked() {
        let raw = "x".repeat(2000);
        let body = synthesized_error_body(raw.as_bytes());
        let value: serde_json::Value =
            serde_json::from_slice(&body).expect("the synthesized body is JSON");
        let message = value["message"].as_str().expect("a string message");
        assert_eq!(message.chars().count(), 513);
        assert!(message.ends_with('…'));
    }

    #[test]
    fn empty_body_says_so() {
        let body = synthesized_error_body(b"  ");
        let value: serde_json::Value =
            serde_json::from_slice(&body).expect("the synthesized body is JSON");
        assert_eq!(value["message"], "(empty response body)");
    }
}
