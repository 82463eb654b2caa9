//! Webex-shaped error responses: built in the flat shape Webex documents, and
//! turned into another shape, or out of a framework's plain text, in one place
//! ([`normalize`]) on the way out.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

/// How error bodies are shaped. Webex's published description and the most
/// used Python client use [`Flat`](Self::Flat), the default; the others occur
/// in the wild and clients must read them too.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorShape {
    /// `{"message", "errors": [{"description", "errorCode"}], "trackingId"}`.
    #[default]
    Flat,
    /// `{"error": {"key", "message": [{"description", "code"}]}, "trackingId"}`.
    Nested,
    /// As [`Nested`](Self::Nested), with `error` a list of such objects.
    NestedList,
    /// As [`Flat`](Self::Flat), with the error codes as strings (`"4008"`).
    StringCodes,
    /// `{"message", "errorCode", "trackingId"}`: one code at the top level.
    TopLevelCode,
}

/// Error bodies are read back whole to reshape them; none the mock makes is
/// near this size.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Makes every error answer a Webex error body of `shape`: a non-JSON body
/// (axum's plain-text rejections, such as an oversized or broken request
/// body) becomes a flat error carrying its text, then the flat body is
/// reshaped. Successful answers pass untouched.
pub(crate) async fn normalize(
    response: Response,
    shape: ErrorShape,
    tracking_id: &str,
) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json && shape == ErrorShape::Flat {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ERROR_BODY)
        .await
        .unwrap_or_default();
    let flat_body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(value) if is_json => value,
        _ => {
            let text = String::from_utf8_lossy(&bytes);
            let reason = status.canonical_reason().unwrap_or("Error");
            json!({
                "message": reason,
                "errors": [{"description": text.trim(), "errorCode": u32::from(status.as_u16()) * 10}],
                "trackingId": tracking_id,
            })
        }
    };
    let body = reshape(&flat_body, shape, status).to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}

/// A flat error body in another shape.
fn reshape(flat: &Value, shape: ErrorShape, status: StatusCode) -> Value {
    let message = flat["message"].clone();
    let tracking_id = flat["trackingId"].clone();
    let first = &flat["errors"][0];
    let description = first["description"].clone();
    let code = first["errorCode"].clone();
    let detail = || {
        json!({
            "key": status.as_u16().to_string(),
            "message": [{"description": description, "code": code}],
        })
    };
    match shape {
        ErrorShape::Flat => flat.clone(),
        ErrorShape::Nested => json!({"error": detail(), "trackingId": tracking_id}),
        ErrorShape::NestedList => json!({"error": [detail()], "trackingId": tracking_id}),
        ErrorShape::StringCodes => json!({
            "message": message,
            "errors": [{"description": description, "errorCode": code.to_string()}],
            "trackingId": tracking_id,
        }),
        ErrorShape::TopLevelCode => json!({
            "message": message,
            "errorCode": code,
            "trackingId": tracking_id,
        }),
    }
}

fn respond(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The flat shape: `{"message", "errors": [{"description", "errorCode"}], "trackingId"}`.
pub(crate) fn flat(
    status: StatusCode,
    message: &str,
    description: &str,
    code: u32,
    tracking_id: &str,
) -> Response {
    respond(
        status,
        &json!({
            "message": message,
            "errors": [{"description": description, "errorCode": code}],
            "trackingId": tracking_id,
        }),
    )
}

/// A canned error for any status, used by injected and random faults.
pub(crate) fn canned(status: u16, tracking_id: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (message, code) = match status.as_u16() {
        400 => (
            "The request was invalid or cannot be otherwise served.",
            25008,
        ),
        401 => (
            "The request requires a valid access token set in the Authorization request header.",
            0,
        ),
        403 => (
            "The request is understood, but it has been refused or access is not allowed.",
            4003,
        ),
        404 => ("The requested resource could not be found.", 4008),
        405 => (
            "The request was made to a resource using an HTTP request method that is not supported.",
            4005,
        ),
        409 => (
            "The request could not be processed because it conflicts with some established rule of the system.",
            4009,
        ),
        410 => ("The requested resource is no longer available.", 4010),
        415 => (
            "The request was made to a resource without specifying a media type or used a media type that is not supported.",
            4015,
        ),
        423 => ("The requested resource is temporarily unavailable.", 4023),
        428 => (
            "File(s) cannot be scanned for malware and need to be force downloaded.",
            4028,
        ),
        429 => (
            "Too many requests have been sent in a given amount of time.",
            4029,
        ),
        500 => ("Something went wrong on the server.", 5000),
        502 => (
            "The server received an invalid response from an upstream server.",
            5002,
        ),
        503 => (
            "Service unavailable: the server is overloaded with requests.",
            5003,
        ),
        504 => ("An upstream server failed to respond on time.", 5004),
        _ => ("Mock-injected failure.", u32::from(status.as_u16()) * 10),
    };
    flat(status, message, message, code, tracking_id)
}

/// Adds `Retry-After` verbatim; values that are not legal header bytes are skipped
/// rather than failing the whole response.
pub(crate) fn with_retry_after(mut response: Response, retry_after: Option<&str>) -> Response {
    if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(v).ok()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// An error answer not yet rendered: handlers build these without knowing the
/// tracking id, and it keeps `Result`s small.
#[derive(Debug)]
pub(crate) struct Reject {
    status: StatusCode,
    message: String,
    description: String,
    code: u32,
}

impl Reject {
    pub(crate) fn flat(
        status: StatusCode,
        message: impl Into<String>,
        description: impl Into<String>,
        code: u32,
    ) -> Self {
        Self {
            status,
            message: message.into(),
            description: description.into(),
            code,
        }
    }

    pub(crate) fn render(&self, tracking_id: &str) -> Response {
        flat(
            self.status,
            &self.message,
            &self.description,
            self.code,
            tracking_id,
        )
    }
}
