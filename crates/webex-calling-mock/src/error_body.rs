//! Webex-shaped error responses.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

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

/// The nested shape: `{"error": {"key", "message": [{"description", "code"}]}, "trackingId"}`.
/// Webex answers unknown resources this way, so the mock does too.
pub(crate) fn nested(
    status: StatusCode,
    description: &str,
    code: u32,
    tracking_id: &str,
) -> Response {
    respond(
        status,
        &json!({
            "error": {
                "key": status.as_u16().to_string(),
                "message": [{"description": description, "code": code}],
            },
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
    nested: bool,
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
            nested: false,
            message: message.into(),
            description: description.into(),
            code,
        }
    }

    pub(crate) fn nested(status: StatusCode, description: impl Into<String>, code: u32) -> Self {
        Self {
            status,
            nested: true,
            message: String::new(),
            description: description.into(),
            code,
        }
    }

    pub(crate) fn render(&self, tracking_id: &str) -> Response {
        if self.nested {
            nested(self.status, &self.description, self.code, tracking_id)
        } else {
            flat(
                self.status,
                &self.message,
                &self.description,
                self.code,
                tracking_id,
            )
        }
    }
}
