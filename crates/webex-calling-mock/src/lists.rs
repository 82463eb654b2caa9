//! The three list operations, paged as Webex pages them: a page holds at most
//! `max` items (capped per endpoint), and a `Link: <absolute URL>; rel="next"`
//! header on the server's own origin leads to the next page while more remain.
//!
//! Page size caps (Webex caps silently too): people 100 with `callingData=true`,
//! 50 with `locationId`, 1000 otherwise; workspaces and virtual lines 1000. The
//! default page is 100 items.

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::App;
use crate::error_body::Reject;
use crate::model::MemberType;
use crate::reply::{bad_request, finish, json_response, no_such};
use crate::routes::RequestCtx;

const DEFAULT_PAGE: usize = 100;

/// The `calling` values Webex documents for workspaces.
const CALLING_TYPES: [&str; 6] = [
    "freeCalling",
    "hybridCalling",
    "webexCalling",
    "thirdPartySipCalling",
    "webexEdgeForDevices",
    "none",
];

/// The query parameters of the three list operations.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListQuery {
    org_id: Option<String>,
    location_id: Option<String>,
    calling_data: Option<bool>,
    calling: Option<String>,
    // i64, as the spec's int64: a larger number is a 400, as Webex answers.
    start: Option<i64>,
    max: Option<i64>,
    id: Option<String>,
    email: Option<String>,
    display_name: Option<String>,
}

pub(crate) type ListQueryResult = Result<Query<ListQuery>, QueryRejection>;

/// Answers one page of a list operation.
pub(crate) async fn list(
    app: Arc<App>,
    ctx: RequestCtx,
    query: ListQueryResult,
    headers: HeaderMap,
    path: &'static str,
    kind: MemberType,
) -> Response {
    let result = query
        .map_err(|e| bad_request("query", &e.body_text()))
        .and_then(|Query(query)| page(&app, &query, &headers, path, kind));
    finish(&ctx, result)
}

fn page(
    app: &App,
    query: &ListQuery,
    headers: &HeaderMap,
    path: &str,
    kind: MemberType,
) -> Result<Response, Reject> {
    if query
        .org_id
        .as_deref()
        .is_some_and(|org| org != app.store.org_id)
    {
        return Err(Reject::flat(
            StatusCode::NOT_FOUND,
            "The requested resource could not be found.",
            "Organization not found",
            4008,
        ));
    }
    let positions = candidates(app, query, kind)?;
    let max = match query.max {
        None => DEFAULT_PAGE,
        Some(max) if max >= 1 => usize::try_from(max).unwrap_or(usize::MAX),
        Some(_) => return Err(bad_request("max", "must be at least 1")),
    }
    .min(cap(query, kind));
    let start = match query.start {
        None => 0,
        Some(start) if start >= 0 => usize::try_from(start).unwrap_or(usize::MAX),
        Some(_) => return Err(bad_request("start", "must not be negative")),
    }
    .min(positions.len());
    let end = start.saturating_add(max).min(positions.len());
    let (ids, _) = app.store.kind_lists(kind);
    let items: Vec<Value> = positions[start..end]
        .iter()
        .map(|&position| item(app, query, kind, &ids[position], position))
        .collect();
    let key = if kind == MemberType::VirtualLine {
        "virtualLines"
    } else {
        "items"
    };
    let body = serde_json::to_vec(&json!({ key: items }))
        .map_err(|_| bad_request("query", "cannot encode the page"))?;
    let mut response = json_response(StatusCode::OK, body);
    if end < positions.len()
        && let Ok(link) = HeaderValue::from_str(&next_link(headers, path, query, end, max))
    {
        response.headers_mut().insert(header::LINK, link);
    }
    Ok(response)
}

/// Webex caps `max` per endpoint without saying so.
fn cap(query: &ListQuery, kind: MemberType) -> usize {
    match kind {
        MemberType::People if query.location_id.is_some() => 50,
        MemberType::People if query.calling_data == Some(true) => 100,
        _ => 1000,
    }
}

/// Positions (in the kind's id list) of the targets the filters select.
fn candidates<'a>(
    app: &'a App,
    query: &ListQuery,
    kind: MemberType,
) -> Result<Cow<'a, [usize]>, Reject> {
    let (ids, index) = app.store.kind_lists(kind);
    let location = match &query.location_id {
        None => None,
        Some(id) => Some(
            app.store
                .locations
                .iter()
                .position(|l| &l.id == id)
                .ok_or_else(|| no_such("Location not found"))?,
        ),
    };
    if let Some(calling) = query.calling.as_deref()
        && !CALLING_TYPES.contains(&calling)
    {
        return Err(bad_request(
            "calling",
            &format!(
                "unknown value {calling:?}, expected one of {}",
                CALLING_TYPES.join(", ")
            ),
        ));
    }
    // Listing people by location lists that location's calling users.
    let calling_only = kind == MemberType::People && location.is_some()
        || query.calling.as_deref() == Some("webexCalling");
    let base: &[usize] = match (location, calling_only) {
        (Some(l), true) => &index.calling_by_location[l],
        (Some(l), false) => &index.by_location[l],
        (None, true) => &index.calling,
        (None, false) => &index.all,
    };
    let filtered = query.id.is_some()
        || query.email.is_some()
        || query.display_name.is_some()
        || (query.calling.is_some() && !calling_only);
    if !filtered {
        return Ok(Cow::Borrowed(base));
    }
    let keep = |&position: &usize| {
        let id = &ids[position];
        let member = app.store.member(id);
        let name = member.map_or("", |m| m.display_name.as_str());
        let email = member.and_then(|m| m.email.as_deref()).unwrap_or("");
        query
            .id
            .as_deref()
            .is_none_or(|list| list.split(',').any(|i| i == id))
            && query
                .email
                .as_deref()
                .is_none_or(|e| e.eq_ignore_ascii_case(email))
            && query
                .display_name
                .as_deref()
                .is_none_or(|d| name.starts_with(d))
            && query
                .calling
                .as_deref()
                .is_none_or(|c| c == calling_type(app, id, position))
    };
    Ok(Cow::Owned(base.iter().copied().filter(keep).collect()))
}

/// A workspace's `calling.type`: `webexCalling` when it has Webex Calling,
/// else (by position) `freeCalling` or `none`.
fn calling_type(app: &App, id: &str, position: usize) -> &'static str {
    match app.store.placement(id) {
        Some(place) if place.calling => "webexCalling",
        _ if position.is_multiple_of(2) => "freeCalling",
        _ => "none",
    }
}

fn item(app: &App, query: &ListQuery, kind: MemberType, id: &str, position: usize) -> Value {
    let member = app.store.member(id);
    let place = app.store.placement(id);
    let location = place.and_then(|p| app.store.locations.get(p.location));
    let first = member.map_or("", |m| m.first_name.as_str());
    let last = member.map_or("", |m| m.last_name.as_str());
    let name = member.map_or("", |m| m.display_name.as_str());
    match kind {
        MemberType::People => {
            let mut item = json!({
                "id": id,
                "emails": member.and_then(|m| m.email.clone()).into_iter().collect::<Vec<_>>(),
                "displayName": name,
                "firstName": first,
                "lastName": last,
            });
            // Only a calling-data listing shows the calling location, and only
            // for people who have Webex Calling.
            if query.calling_data == Some(true)
                && place.is_some_and(|p| p.calling)
                && let Some(location) = location
            {
                item["locationId"] = json!(location.id);
            }
            item
        }
        MemberType::Place => json!({
            "id": id,
            "displayName": name,
            "locationId": location.map(|l| l.id.as_str()),
            "calling": {"type": calling_type(app, id, position)},
        }),
        MemberType::VirtualLine => {
            let number = member.and_then(|m| m.numbers.first());
            json!({
                "id": id,
                "firstName": first,
                "lastName": last,
                "number": {
                    "external": number.map(|n| n.external.as_str()),
                    "extension": number.map(|n| n.extension.as_str()),
                    "primary": true,
                },
                "location": location.map(|l| json!({"id": l.id, "name": l.name})),
            })
        }
    }
}

/// The absolute URL of the next page on the origin the client used (its
/// `Host` header), with the same filters.
fn next_link(
    headers: &HeaderMap,
    path: &str,
    query: &ListQuery,
    start: usize,
    max: usize,
) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let mut url = format!("http://{host}{path}?start={start}&max={max}");
    let mut add = |key: &str, value: Option<&str>| {
        if let Some(value) = value {
            url.push('&');
            url.push_str(key);
            url.push('=');
            url.extend(percent_encoding::utf8_percent_encode(
                value,
                percent_encoding::NON_ALPHANUMERIC,
            ));
        }
    };
    add("orgId", query.org_id.as_deref());
    add("locationId", query.location_id.as_deref());
    add("calling", query.calling.as_deref());
    add(
        "callingData",
        query.calling_data.map(|c| if c { "true" } else { "false" }),
    );
    add("id", query.id.as_deref());
    add("email", query.email.as_deref());
    add("displayName", query.display_name.as_deref());
    format!("<{url}>; rel=\"next\"")
}
