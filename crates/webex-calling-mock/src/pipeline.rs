//! The middleware every request passes through: tracking ids, latency, faults,
//! authentication and the request log, in the order a Webex front end applies them.

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use percent_encoding::percent_decode_str;

use crate::auth::Access;
use crate::error_body;
use crate::faults::{Injection, dropped_response};
use crate::log::LoggedRequest;
use crate::server::App;

pub(crate) const TRACKING_ID: HeaderName = HeaderName::from_static("trackingid");

/// Route patterns, shared with the router so that the pipeline and the handlers
/// agree on which paths name a resource.
pub(crate) const PEOPLE_PREFIX: &str = "/v1/people/";
pub(crate) const PEOPLE_SUFFIX: &str = "/features/bargeIn";
pub(crate) const LINES_PREFIX: &str = "/v1/telephony/config/virtualLines/";
pub(crate) const LINES_SUFFIX: &str = "/pushToTalk";

/// What the pipeline learned about a request, handed to the handlers.
#[derive(Debug, Clone)]
pub(crate) struct RequestCtx {
    pub(crate) tracking_id: String,
    pub(crate) id: Option<String>,
    pub(crate) access: Access,
}

/// The decoded id of a person or virtual line named by `path`. Ids arrive
/// percent-encoded and may contain `/`, so the raw segment must be a single one.
pub(crate) fn path_id(path: &str) -> Option<String> {
    [(PEOPLE_PREFIX, PEOPLE_SUFFIX), (LINES_PREFIX, LINES_SUFFIX)]
        .into_iter()
        .find_map(|(prefix, suffix)| path.strip_prefix(prefix)?.strip_suffix(suffix))
        .filter(|raw| !raw.is_empty() && !raw.contains('/'))
        .and_then(|raw| {
            percent_decode_str(raw)
                .decode_utf8()
                .ok()
                .map(Cow::into_owned)
        })
}

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

    let mut response = match gate(&app, &req, id.as_deref(), &tracking_id) {
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

    if let Ok(value) = HeaderValue::from_str(&tracking_id) {
        response.headers_mut().insert(TRACKING_ID, value);
    }
    if let Some(mut entry) = pending_log {
        entry.status = response.status().as_u16();
        app.log.push(entry);
    }
    response
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
    if let Some(retry_after) = app.faults.rate_limited() {
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
    let Some(access) = app.auth.check(req.headers()) else {
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

#[cfg(test)]
mod tests {
    use super::path_id;

    #[test]
    fn path_ids_are_decoded_from_single_segments() {
        assert_eq!(
            path_id("/v1/people/abc/features/bargeIn").as_deref(),
            Some("abc")
        );
        assert_eq!(
            path_id("/v1/telephony/config/virtualLines/a%2Fb%3F%23%25%20%C3%A9/pushToTalk")
                .as_deref(),
            Some("a/b?#% \u{e9}")
        );
        assert_eq!(path_id("/v1/people/a/b/features/bargeIn"), None);
        assert_eq!(path_id("/v1/people//features/bargeIn"), None);
        assert_eq!(path_id("/v1/people/%FF/features/bargeIn"), None);
        assert_eq!(path_id("/v1/people/abc/features/bargeIn/"), None);
        assert_eq!(path_id("/v1/other"), None);
    }
}
