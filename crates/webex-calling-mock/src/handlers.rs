//! The twelve settings operations (two settings, three kinds of target, GET
//! and PUT), plus the 404 and 405 answers around them.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::auth::Access;
use crate::error_body::{self, Reject};
use crate::model::{AccessType, ConnectionType, MemberType, Setting};
use crate::pipeline::{RequestCtx, SettingRoute};
use crate::server::App;
use crate::state::PushToTalkUpdate;

/// The optional `orgId` query parameter shared by every operation.
#[derive(Debug, Deserialize)]
pub(crate) struct OrgQuery {
    #[serde(rename = "orgId")]
    org_id: Option<String>,
}

pub(crate) type QueryResult = Result<Query<OrgQuery>, QueryRejection>;

pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn no_content() -> Response {
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

fn server_error() -> Reject {
    // Only reachable if a resource vanished between lookup and use, which the
    // fixed directory rules out; answer as Webex would rather than panic.
    Reject::flat(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on the server.",
        "Internal error.",
        5000,
    )
}

pub(crate) fn finish(ctx: &RequestCtx, result: Result<Response, Reject>) -> Response {
    result.unwrap_or_else(|reject| reject.render(&ctx.tracking_id))
}

/// Resolves the request's target, answering 400 for an unreadable query, 404
/// for another organization or an id that is not a target of this route's
/// kind, and 403 for a workspace without the professional calling licence.
///
/// Webex does not document what a workspace without that licence gets; the
/// mock answers 403 with a flat error body saying why (see the crate README).
fn target<'a>(
    app: &App,
    ctx: &'a RequestCtx,
    query: QueryResult,
    kind: MemberType,
) -> Result<&'a str, Reject> {
    let Query(query) = query.map_err(|e| bad_request("orgId", &e.body_text()))?;
    if query
        .org_id
        .as_deref()
        .is_some_and(|org| org != app.store.org_id)
    {
        return Err(no_such("Organization not found"));
    }
    let id = ctx
        .id
        .as_deref()
        .filter(|id| app.store.target(id, kind).is_some())
        .ok_or_else(|| {
            no_such(match kind {
                MemberType::People => "Person not found",
                MemberType::Place => "Workspace not found",
                MemberType::VirtualLine => "Virtual line not found",
            })
        })?;
    if kind == MemberType::Place && app.store.placement(id).is_some_and(|p| !p.calling) {
        return Err(Reject::flat(
            StatusCode::FORBIDDEN,
            "The request is understood, but it has been refused or access is not allowed.",
            "This workspace has no professional Webex Calling licence, so its calling settings cannot be read or changed.",
            4003,
        ));
    }
    Ok(id)
}

fn no_such(description: &str) -> Reject {
    Reject::flat(
        StatusCode::NOT_FOUND,
        "The requested resource could not be found.",
        description,
        4008,
    )
}

/// Checks everything a write needs before its fields are looked at: scope, then
/// media type, then JSON syntax. Returns the body as a JSON object.
fn write_body(
    ctx: &RequestCtx,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Map<String, Value>, Reject> {
    if ctx.access == Access::ReadOnly {
        return Err(Reject::flat(
            StatusCode::FORBIDDEN,
            "The request is understood, but it has been refused or access is not allowed.",
            "This token is read-only and cannot change settings.",
            4003,
        ));
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        });
    if !is_json {
        return Err(Reject::flat(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type: send the body as application/json.",
            "The request body must have Content-Type: application/json.",
            4015,
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad_request("body", "expected a JSON object")),
        Err(e) => Err(bad_request("body", &format!("malformed JSON ({e})"))),
    }
}

fn bool_field(map: &Map<String, Value>, field: &str) -> Result<Option<bool>, Reject> {
    match map.get(field) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(bad_request(field, "expected a boolean")),
    }
}

fn enum_field<T>(
    map: &Map<String, Value>,
    field: &str,
    allowed: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, Reject> {
    match map.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => parse(s).map(Some).ok_or_else(|| {
            bad_request(
                field,
                &format!("unknown value {s:?}, expected one of {allowed}"),
            )
        }),
        Some(_) => Err(bad_request(
            field,
            &format!("expected a string, one of {allowed}"),
        )),
    }
}

/// The member ids of a push-to-talk write. Workspaces and virtual lines take
/// people only, as Webex describes them; a person's list may name any
/// directory entry.
fn member_ids(
    app: &App,
    kind: MemberType,
    value: Option<&Value>,
) -> Result<Option<Vec<String>>, Reject> {
    let Some(value) = value else {
        return Ok(None);
    };
    let Value::Array(items) = value else {
        return Err(bad_request(
            "members",
            "expected an array of member id strings",
        ));
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(id) => match app.store.member(id) {
                Some(member) if kind == MemberType::People || member.kind == MemberType::People => {
                    Ok(id.clone())
                }
                Some(_) => Err(bad_request(
                    "members",
                    &format!("member {id:?} is not a person; only people can be members here"),
                )),
                None => Err(bad_request("members", &format!("unknown member id {id:?}"))),
            },
            _ => Err(bad_request(
                "members",
                "expected an array of member id strings",
            )),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `GET` on a settings route.
pub(crate) async fn get_setting(
    app: Arc<App>,
    ctx: RequestCtx,
    query: QueryResult,
    route: SettingRoute,
) -> Response {
    match route.setting {
        Setting::BargeIn => get_barge_in(app, ctx, query, route.kind).await,
        Setting::PushToTalk => get_push_to_talk(app, ctx, query, route.kind).await,
    }
}

/// `PUT` on a settings route.
pub(crate) async fn put_setting(
    app: Arc<App>,
    ctx: RequestCtx,
    query: QueryResult,
    write: (HeaderMap, Bytes),
    route: SettingRoute,
) -> Response {
    match route.setting {
        Setting::BargeIn => put_barge_in(app, ctx, query, write, route.kind).await,
        Setting::PushToTalk => put_push_to_talk(app, ctx, query, write, route.kind).await,
    }
}

async fn get_barge_in(
    app: Arc<App>,
    ctx: RequestCtx,
    query: QueryResult,
    kind: MemberType,
) -> Response {
    let result = target(&app, &ctx, query, kind).and_then(|id| {
        let settings = app.store.barge_in(id).ok_or_else(server_error)?;
        let body = serde_json::to_vec(&settings).map_err(|_| server_error())?;
        Ok(json_response(StatusCode::OK, body))
    });
    finish(&ctx, result)
}

async fn put_barge_in(
    app: Arc<App>,
    ctx: RequestCtx,
    query: QueryResult,
    write: (HeaderMap, Bytes),
    kind: MemberType,
) -> Response {
    let (headers, body) = write;
    let result = target(&app, &ctx, query, kind).and_then(|id| {
        let map = write_body(&ctx, &headers, &body)?;
        let enabled = bool_field(&map, "enabled")?;
        let tone_enabled = bool_field(&map, "toneEnabled")?;
        // Webex's description marks `enabled` required for workspaces only.
        if kind == MemberType::Place && enabled.is_none() {
            return Err(bad_request("enabled", "required for a workspace"));
        }
        if app.store.update_barge_in(id, enabled, tone_enabled) {
            Ok(no_content())
        } else {
            Err(server_error())
        }
    });
    finish(&ctx, result)
}

async fn get_push_to_talk(
    app: Arc<App>,
    ctx: RequestCtx,
    query: QueryResult,
    kind: MemberType,
) -> Response {
    let result =
        target(&app, &ctx, query, kind).and_then(|id| match app.store.push_to_talk_json(id) {
            Some(Ok(body)) => Ok(json_response(StatusCode::OK, body)),
            _ => Err(server_error()),
        });
    finish(&ctx, result)
}

async fn put_push_to_talk(
    app: Arc<App>,
    ctx: RequestCtx,
    query: QueryResult,
    write: (HeaderMap, Bytes),
    kind: MemberType,
) -> Response {
    let (headers, body) = write;
    let result = target(&app, &ctx, query, kind).and_then(|id| {
        let map = write_body(&ctx, &headers, &body)?;
        let update = PushToTalkUpdate {
            allow_auto_answer: bool_field(&map, "allowAutoAnswer")?,
            connection_type: enum_field(
                &map,
                "connectionType",
                "ONE_WAY, TWO_WAY",
                ConnectionType::parse,
            )?,
            access_type: enum_field(
                &map,
                "accessType",
                "ALLOW_MEMBERS, BLOCK_MEMBERS",
                AccessType::parse,
            )?,
            members: member_ids(&app, kind, map.get("members"))?,
        };
        if app.store.update_push_to_talk(id, update) {
            Ok(no_content())
        } else {
            Err(server_error())
        }
    });
    finish(&ctx, result)
}

pub(crate) async fn method_not_allowed(Extension(ctx): Extension<RequestCtx>) -> Response {
    let mut response = error_body::flat(
        StatusCode::METHOD_NOT_ALLOWED,
        "The request was made to a resource using an HTTP request method that is not supported.",
        "Only GET and PUT are supported on this resource.",
        4005,
        &ctx.tracking_id,
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, PUT"));
    response
}

pub(crate) async fn list_method_not_allowed(Extension(ctx): Extension<RequestCtx>) -> Response {
    let mut response = error_body::flat(
        StatusCode::METHOD_NOT_ALLOWED,
        "The request was made to a resource using an HTTP request method that is not supported.",
        "Only GET is supported on this resource.",
        4005,
        &ctx.tracking_id,
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET"));
    response
}

pub(crate) async fn not_found(Extension(ctx): Extension<RequestCtx>) -> Response {
    error_body::flat(
        StatusCode::NOT_FOUND,
        "The requested resource could not be found.",
        "No such API endpoint.",
        4004,
        &ctx.tracking_id,
    )
}
