//! The middleware every request passes through: tracking ids, latency, faults,
//! authentication and the request log, in the order a Webex front end applies them.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::App;
use crate::auth::Access;
use crate::error_body;
use crate::faults::{Injection, dropped_response};
use crate::log::LoggedRequest;
use crate::routes::{LIST_ROUTES, RequestCtx, list_key, path_id};

pub(crate) const TRACKING_ID: HeaderName = HeaderName::from_static("trackingid");

pub(crate) async fn pipeline(
    State(app): State<Arc<App>>,
    mut req: Request,
    next: Next,
) -> Response {
    let tracking_id = req
        .headers()
        .get(TRACKING_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map_or_else(|| app.tracking.next(), str::to_owned);
    let id = path_id(req.uri().path());
    // Faults are queued by target id, or by list for the list operations.
    let fault_key = id.clone().or_else(|| {
        LIST_ROUTES
            .iter()
            .find(|(path, _)| *path == req.uri().path())
            .map(|(_, kind)| list_key(*kind).to_owned())
    });
    let pending_log = app.log.enabled().then(|| LoggedRequest {
        method: req.method().to_string(),
        path: req.uri().path().to_owned(),
        id: id.clone(),
        query: req.uri().query().map(str::to_owned),
        headers: req
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = if name == header::AUTHORIZATION {
                    "<redacted>".to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), value)
            })
            .collect(),
        status: 0,
        tracking_id: tracking_id.clone(),
    });

    if let Some(latency) = app.latency {
        tokio::time::sleep(latency).await;
    }

    let response = match gate(&app, &req, fault_key.as_deref(), &tracking_id) {
        Verdict::Pass(access) => {
            req.extensions_mut().insert(RequestCtx {
                tracking_id: tracking_id.clone(),
                id,
                access,
            });
            next.run(req).await
        }
        Verdict::Answer(response) => response,
    };

    let mut response = error_body::normalize(response, app.error_shape, &tracking_id).await;
    if let Ok(value) = HeaderValue::from_str(&tracking_id) {
        response.headers_mut().insert(TRACKING_ID, value);
    }
    if let Some(mut entry) = pending_log {
        entry.status = response.status().as_u16();
        app.log.push(entry);
    }
    response
}

/// The paths of the login endpoints, which authenticate the OAuth client
/// (in the form or with HTTP Basic), not a bearer token.
const LOGIN_PATHS: [&str; 4] = [
    "/v1/device/authorize",
    "/v1/device/token",
    "/v1/access_token",
    "/v1/authorize",
];

/// What a request may do: the login endpoints need no bearer token; a
/// token this server issued works until it expires; others follow the
/// configured tokens.
fn access(app: &App, req: &Request) -> Option<Access> {
    if LOGIN_PATHS.contains(&req.uri().path()) {
        return Some(Access::Full);
    }
    let issued = app
        .oauth
        .as_ref()
        .zip(crate::auth::bearer(req.headers()))
        .and_then(|(oauth, token)| oauth.check_access(token));
    match issued {
        Some(true) => Some(Access::Full),
        Some(false) => None,
        None => app.auth.check(req.headers()),
    }
}

/// Whether a request reaches a handler, and with which access.
enum Verdict {
    Pass(Access),
    Answer(Response),
}

/// Explicitly queued faults come first so tests can drive any status regardless
/// of the other settings.
fn gate(app: &App, req: &Request, id: Option<&str>, tracking_id: &str) -> Verdict {
    if let Some(injection) = id.and_then(|id| app.faults.take(id)) {
        return Verdict::Answer(match injection {
            Injection::Fail {
                status,
                retry_after,
            } => error_body::with_retry_after(
                error_body::canned(status, tracking_id),
                retry_after.as_deref(),
            ),
            Injection::Drop => dropped_response(),
        });
    }
    if let Some(retry_after) = app.faults.storming().or_else(|| app.faults.rate_limited()) {
        return Verdict::Answer(error_body::with_retry_after(
            error_body::flat(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests have been sent in a given amount of time.",
                "Rate limit exceeded; retry after the time in the Retry-After header.",
                4029,
                tracking_id,
            ),
            Some(&retry_after),
        ));
    }
    let Some(access) = access(app, req) else {
        return Verdict::Answer(error_body::flat(
            StatusCode::UNAUTHORIZED,
            "The request requires a valid access token set in the Authorization request header.",
            "Missing or invalid bearer token.",
            0,
            tracking_id,
        ));
    };
    if let Some(retry_after) = id.and_then(|id| app.faults.locked(id)) {
        return Verdict::Answer(error_body::with_retry_after(
            error_body::flat(
                StatusCode::LOCKED,
                "The requested resource is temporarily unavailable.",
                "The resource is locked by another operation.",
                4023,
                tracking_id,
            ),
            Some(&retry_after),
        ));
    }
    if let Some((status, retry_after)) = app.faults.random_failure() {
        return Verdict::Answer(error_body::with_retry_after(
            error_body::canned(status, tracking_id),
            retry_after.as_deref(),
        ));
    }
    Verdict::Pass(access)
}
