//! The request hooks around every operation, and how operations send and
//! decode (`send`, `response_value`: `xtask/src/small_futures.rs` rewrites
//! progenitor's calls of the hooks and of `ResponseValue::from_response`
//! into them, which keeps each operation's future small).
//!
//! The hooks exist to fix two things progenitor cannot be configured to do (the
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
use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, USER_AGENT};
use std::future::Future;
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
        add_context_headers(self, request).map_err(|why| Error::InvalidRequest(why.to_owned()))
    }

    // Not an `async fn`: its argument, the request (264 bytes), would stay in
    // the future to the end. Sent first, the request becomes reqwest's boxed
    // future of 16 bytes.
    fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
        let sending = self.client().execute(request);
        let limit = body_limit(info);
        async move { checked(sending.await?, limit).await }
    }
}

/// The most bytes of a success body the operation reads.
fn body_limit(info: &OperationInfo) -> usize {
    if info.operation_id.starts_with("list_") || info.operation_id == "get_page" {
        LIST_BODY_LIMIT
    } else {
        SETTINGS_BODY_LIMIT
    }
}

/// Adds the bearer token and the `User-Agent` of the client's
/// [`RequestContext`]; the error names why it cannot.
fn add_context_headers(
    client: &Client,
    request: &mut reqwest::Request,
) -> Result<(), &'static str> {
    let context = client.inner();
    let authorization = context.authorization().map_err(
        |_| "the access token contains characters that cannot be sent in an HTTP header",
    )?;
    let headers = request.headers_mut();
    if let Some(value) = authorization {
        headers.insert(AUTHORIZATION, value.clone());
    }
    if let Some(value) = context.user_agent() {
        headers.insert(USER_AGENT, value.clone());
    }
    Ok(())
}

/// What the generated operations do with a built request: the `pre`, `exec`
/// and `post` hooks in one future, which holds neither the request nor the
/// response while it waits (as `let result = self.exec(request, ..).await`
/// does, in every operation's future), and the status apart, so matching on
/// it does not keep the response there while the body is read.
///
/// The future holds reqwest's (16 bytes) or why the request was refused,
/// then [`checked`]'s: 200 bytes, where a `Result` of the `exec` future and
/// a progenitor error took 784.
pub(crate) fn send<E>(
    client: &Client,
    mut request: reqwest::Request,
    info: &OperationInfo,
) -> impl Future<Output = Result<(u16, reqwest::Response), Error<E>>> {
    let sending =
        add_context_headers(client, &mut request).map(|()| client.client().execute(request));
    let limit = body_limit(info);
    async move {
        let sent = sending.map_err(|why| Error::InvalidRequest(why.to_owned()))?;
        let response = sent.await?;
        let response = checked(response, limit).await?;
        Ok((response.status().as_u16(), response))
    }
}

/// `response` as the operations take it: an error response with a Webex
/// error object for its body, a success body within `limit`.
// Not an `async fn`, which would keep its argument twice.
#[allow(clippy::manual_async_fn)]
fn checked(
    response: reqwest::Response,
    limit: usize,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
    async move {
        let status = response.status();
        if status.is_client_error() || status.is_server_error() {
            // Boxed, like an unsized body below: rare paths whose state
            // would otherwise sit in every request's future too.
            return Box::pin(error_response(response)).await;
        }
        // An undocumented status (a 3xx) is read only in part by the
        // ergonomic crate, which needs its start for the message.
        if !status.is_success() {
            return Ok(response);
        }
        Ok(match response.content_length() {
            // A declared length within the limit is trusted (the HTTP stack
            // holds the body to it), so the usual response passes untouched.
            Some(length) if length <= limit as u64 => response,
            Some(length) => failing(
                response,
                BodyTooLarge {
                    limit,
                    length: Some(length),
                },
            ),
            None => Box::pin(limit_body(response, limit)).await,
        })
    }
}

/// What progenitor's `ResponseValue::from_response` does, without copying
/// the headers (they are moved out), in a future of 240 bytes instead of 944
/// (reqwest's `bytes` holds the whole response).
// Not an `async fn`, which would keep its argument twice.
#[allow(clippy::manual_async_fn)]
pub(crate) fn response_value<T: serde::de::DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> impl Future<Output = Result<progenitor_client::ResponseValue<T>, Error<E>>> {
    async move {
        let mut body = BodyBytes::default();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => body.push(chunk),
                Ok(None) => break,
                // With the URL, as reqwest's `bytes` reports it.
                Err(error) => {
                    return Err(Error::ResponseBodyError(
                        error.with_url(response.url().clone()),
                    ));
                }
            }
        }
        let full = body.finish();
        // Taken once the body is read, so the future does not hold a copy
        // of them while it waits.
        let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
        let inner = serde_json::from_slice(&full)
            .map_err(|error| Error::InvalidResponsePayload(full, error))?;
        Ok(progenitor_client::ResponseValue::new(
            inner, status, headers,
        ))
    }
}

/// An error response whose body is a Webex error object: the body as sent
/// when it is one, else a synthesized one carrying an excerpt of it.
async fn error_response(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let mut parts = http::Response::new(()).into_parts().0;
    parts.status = response.status();
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
    let mut body = BodyBytes::default();
    while let Some(chunk) = response.chunk().await? {
        let room = limit.saturating_sub(body.len());
        if chunk.len() >= room {
            body.push(chunk.slice(..room));
            break;
        }
        body.push(chunk);
    }
    Ok(body.finish())
}

/// A body read chunk by chunk, copied only when it comes in more than one
/// (a settings body usually comes in one).
#[derive(Default)]
struct BodyBytes {
    first: Bytes,
    /// The whole body, once a second chunk came.
    joined: bytes::BytesMut,
}

impl BodyBytes {
    fn push(&mut self, chunk: Bytes) {
        if self.first.is_empty() && self.joined.is_empty() {
            self.first = chunk;
        } else {
            if self.joined.is_empty() {
                self.joined.extend_from_slice(&self.first);
            }
            self.joined.extend_from_slice(&chunk);
        }
    }

    fn len(&self) -> usize {
        self.first.len().max(self.joined.len())
    }

    fn finish(self) -> Bytes {
        if self.joined.is_empty() {
            self.first
        } else {
            self.joined.freeze()
        }
    }
}

/// `response`, whose length was not declared, with its body read up to
/// `limit` bytes, or with a body that fails with [`BodyTooLarge`] when it is
/// longer.
async fn limit_body(response: reqwest::Response, limit: usize) -> reqwest::Response {
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
    use super::{Bytes, Context, Pin, Poll, response_value, synthesized_error_body};
    use crate::types::{BargeInSettings, WebexError};
    use std::collections::VecDeque;

    /// A body sent in the given chunks.
    struct Chunks(VecDeque<Bytes>);

    impl http_body::Body for Chunks {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            Poll::Ready(
                self.0
                    .pop_front()
                    .map(|chunk| Ok(http_body::Frame::data(chunk))),
            )
        }
    }

    fn response(chunks: &[&'static str]) -> reqwest::Response {
        let body = Chunks(
            chunks
                .iter()
                .map(|chunk| Bytes::from_static(chunk.as_bytes()))
                .collect(),
        );
        let mut response = http::Response::new(reqwest::Body::wrap(body));
        *response.status_mut() = http::StatusCode::CREATED;
        response
            .headers_mut()
            .insert("trackingid", http::HeaderValue::from_static("T1"));
        reqwest::Response::from(response)
    }

    #[tokio::test]
    async fn a_body_in_many_chunks_is_joined_and_the_headers_kept() {
        let value = response_value::<BargeInSettings, WebexError>(response(&[
            "{\"enabled\":",
            "",
            "true,\"toneEnabled\"",
            ":false}",
        ]))
        .await
        .expect("the joined body decodes");
        assert_eq!(value.status(), http::StatusCode::CREATED);
        assert_eq!(value.headers()["trackingid"], "T1");
        assert!(value.enabled);
        assert!(!value.tone_enabled);
    }

    #[tokio::test]
    async fn an_undecodable_body_is_returned_whole() {
        for chunks in [&["not json"][..], &["not", " ", "json"], &[]] {
            match response_value::<BargeInSettings, WebexError>(response(chunks)).await {
                Err(crate::Error::InvalidResponsePayload(body, _)) => {
                    assert_eq!(body, chunks.concat(), "{chunks:?}");
                }
                other => panic!("{chunks:?}: expected a payload error, got {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn a_prefix_is_cut_at_the_limit_in_any_chunk() -> reqwest::Result<()> {
        for (chunks, limit, prefix) in [
            (&["abcdef"][..], 3, "abc"),
            (&["abc", "def", "gh"], 5, "abcde"),
            (&["", "abc", "", "d"], 9, "abcd"),
            (&["abc", "def"], 6, "abcdef"),
            (&[], 4, ""),
        ] {
            let body = super::read_prefix(response(chunks), limit).await?;
            assert_eq!(body, prefix, "{chunks:?} cut at {limit}");
        }
        Ok(())
    }

    /// Every caller's future holds the operation's and copies it whole as
    /// it moves (see `xtask/src/small_futures.rs`): 1,648 bytes before the
    /// rewrite, 336 after.
    #[test]
    fn an_operation_future_stays_small() {
        let client = crate::Client::new("http://127.0.0.1:9", crate::RequestContext::default());
        let size = std::mem::size_of_val(&client.get_person_barge_in("id", None, Some("T")));
        assert!(size <= 512, "get_person_barge_in's future is {size} bytes");
    }

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
