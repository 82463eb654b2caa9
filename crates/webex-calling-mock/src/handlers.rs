//! The settings operations (every setting of [`SETTINGS`](crate::settings::SETTINGS)
//! on every kind that has it, GET and PUT), plus the 404 and 405 answers
//! around them. Generic over the setting tables: nothing here names a setting.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::app::App;
use crate::auth::Access;
use crate::error_body::{self, Reject};
use crate::model::MemberType;
use crate::reply::{bad_request, finish, json_response, no_content, no_such, server_error};
use crate::routes::{RequestCtx, SettingRoute};
use crate::settings::{FieldType, SETTINGS, SettingModel};

/// The optional `orgId` query parameter shared by every operation.
#[derive(Debug, Deserialize)]
pub(crate) struct OrgQuery {
    #[serde(rename = "orgId")]
    org_id: Option<String>,
}

pub(crate) type QueryResult = Result<Query<OrgQuery>, QueryRejection>;

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

/// The fields a write sets, by position, each checked against the setting's
/// table: a wrong type, an unknown enum value, an unknown member or a field
/// the kind requires left out is a 400 naming it. A field Webex does not
/// know is ignored, as Webex does; but a field of another setting (its body
/// sent to the wrong path) is a 400 naming both.
fn changes(
    app: &App,
    setting: &SettingModel,
    kind: MemberType,
    body: Map<String, Value>,
) -> Result<Vec<(usize, Value)>, Reject> {
    let mut changes = Vec::with_capacity(body.len());
    for (name, value) in body {
        let Some(index) = setting.fields.iter().position(|f| f.name == name) else {
            if let Some(other) = SETTINGS
                .iter()
                .find(|other| other.fields.iter().any(|f| f.name == name))
            {
                return Err(bad_request(
                    &name,
                    &format!(
                        "a field of {}, not of {}; was this body meant for another path?",
                        other.segment, setting.segment
                    ),
                ));
            }
            continue;
        };
        let value = match setting.fields[index].ty {
            FieldType::Bool if value.is_boolean() => value,
            FieldType::Bool => return Err(bad_request(&name, "expected a boolean")),
            FieldType::Enum(allowed) => enum_value(&name, value, allowed)?,
            FieldType::Members => member_ids(app, kind, &value)?,
        };
        changes.push((index, value));
    }
    for (required_kind, name) in setting.required {
        let present = changes
            .iter()
            .any(|(index, _)| setting.fields[*index].name == *name);
        if *required_kind == kind && !present {
            return Err(bad_request(name, "required for a workspace"));
        }
    }
    Ok(changes)
}

fn enum_value(field: &str, value: Value, allowed: &[&str]) -> Result<Value, Reject> {
    let expected = allowed.join(", ");
    match value.as_str() {
        Some(text) if allowed.contains(&text) => Ok(value),
        Some(text) => Err(bad_request(
            field,
            &format!("unknown value {text:?}, expected one of {expected}"),
        )),
        None => Err(bad_request(
            field,
            &format!("expected a string, one of {expected}"),
        )),
    }
}

/// The member ids of a write. Workspaces and virtual lines take people
/// only, as Webex describes them; a person's list may name any directory
/// entry.
fn member_ids(app: &App, kind: MemberType, value: &Value) -> Result<Value, Reject> {
    let not_ids = || bad_request("members", "expected an array of member id strings");
    let items = value.as_array().ok_or_else(not_ids)?;
    for item in items {
        let id = item.as_str().ok_or_else(not_ids)?;
        match app.store.member(id) {
            Some(member) if kind == MemberType::People || member.kind == MemberType::People => {}
            Some(_) => {
                return Err(bad_request(
                    "members",
                    &format!("member {id:?} is not a person; only people can be members here"),
                ));
            }
            // An id that names nothing is a missing resource, as for targets.
            None => return Err(no_such(&format!("Member not found: {id:?}"))),
        }
    }
    Ok(value.clone())
}

/// `GET` on a settings route.
pub(crate) async fn get_setting(
    app: Arc<App>,
    ctx: RequestCtx,
    query: QueryResult,
    route: SettingRoute,
) -> Response {
    let result = target(&app, &ctx, query, route.kind).and_then(|id| {
        match app.store.read_json(route.setting, id) {
            Some(Ok(body)) => Ok(json_response(StatusCode::OK, body)),
            _ => Err(server_error()),
        }
    });
    finish(&ctx, result)
}

/// `PUT` on a settings route.
pub(crate) async fn put_setting(
    app: Arc<App>,
    ctx: RequestCtx,
    query: QueryResult,
    write: (HeaderMap, Bytes),
    route: SettingRoute,
) -> Response {
    let (headers, body) = write;
    let result = target(&app, &ctx, query, route.kind).and_then(|id| {
        let body = write_body(&ctx, &headers, &body)?;
        let changes = changes(&app, route.setting, route.kind, body)?;
        if app.store.write(route.setting, id, changes) {
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
