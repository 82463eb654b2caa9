//! Helpers shared by the integration tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use webex_calling_mock::MockServer;

pub const TOKEN: &str = "test-token";

thread_local! {
    // Building a client loads TLS roots, which is slow in debug builds; each test
    // runs on its own thread and talks to its own port, so sharing is safe.
    static CLIENT: reqwest::Client = reqwest::Client::new();
}

pub fn client() -> reqwest::Client {
    CLIENT.with(Clone::clone)
}

pub fn encode(id: &str) -> String {
    utf8_percent_encode(id, NON_ALPHANUMERIC).to_string()
}

pub fn barge_in_url(server: &MockServer, person_id: &str) -> String {
    format!(
        "{}/people/{}/features/bargeIn",
        server.base_url(),
        encode(person_id)
    )
}

pub fn push_to_talk_url(server: &MockServer, line_id: &str) -> String {
    format!(
        "{}/telephony/config/virtualLines/{}/pushToTalk",
        server.base_url(),
        encode(line_id)
    )
}

pub async fn get(url: &str) -> reqwest::Response {
    client().get(url).bearer_auth(TOKEN).send().await.unwrap()
}

pub async fn put_json(url: &str, body: serde_json::Value) -> reqwest::Response {
    client()
        .put(url)
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub async fn put_raw(url: &str, content_type: Option<&str>, body: &str) -> reqwest::Response {
    let mut req = client().put(url).bearer_auth(TOKEN).body(body.to_owned());
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    req.send().await.unwrap()
}

/// Asserts a Webex error body in either shape and returns it.
pub async fn error_body(resp: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(resp.status().as_u16(), status);
    let tracking = resp
        .headers()
        .get("trackingid")
        .expect("TrackingID header")
        .to_str()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["trackingId"], tracking.as_str(), "body: {body}");
    let flat = body["message"].is_string()
        && body["errors"][0]["description"].is_string()
        && body["errors"][0]["errorCode"].is_i64();
    let nested = body["error"]["key"].is_string()
        && body["error"]["message"][0]["description"].is_string()
        && body["error"]["message"][0]["code"].is_i64();
    assert!(flat || nested, "not a Webex error body: {body}");
    body
}

/// The whole error text, to check that a message names a field.
pub fn error_text(body: &serde_json::Value) -> String {
    body.to_string()
}
