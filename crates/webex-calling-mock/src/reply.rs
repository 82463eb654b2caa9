//! Building answers: JSON bodies, `204`, and rejections rendered with the
//! request's tracking id.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::error_body::Reject;
use crate::routes::RequestCtx;

pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

pub(crate) fn no_content() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

pub(crate) fn bad_request(field: &str, detail: &str) -> Reject {
    Reject::flat(
        StatusCode::BAD_REQUEST,
        format!("Invalid field value: {field}"),
        format!("Invalid field value: {field}: {detail}"),
        25008,
    )
}

pub(crate) fn server_error() -> Reject {
    // Only reachable if a resource vanished between lookup and use, which the
    // fixed directory rules out; answer as Webex would rather than panic.
    Reject::flat(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on the server.",
        "Internal error.",
        5000,
    )
}

pub(crate) fn no_such(description: &str) -> Reject {
    Reject::flat(
        StatusCode::NOT_FOUND,
        "The requested resource could not be found.",
        description,
        4008,
    )
}

pub(crate) fn finish(ctx: &RequestCtx, result: Result<Response, Reject>) -> Response {
    result.unwrap_or_else(|reject| reject.render(&ctx.tracking_id))
}
