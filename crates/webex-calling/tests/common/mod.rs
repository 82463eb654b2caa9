//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod scripted;

use std::time::Duration;
use webex_calling::{RetryPolicy, Webex};
use wiremock::MockServer;

pub const TOKEN: &str = "SECRET-TOKEN-5f2c9a1e";
pub const PERSON: &str = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMjM0";
pub const LINE: &str = "Y2lzY29zcGFyazovL3VzL1ZJUlRVQUxfTElORS85ODc2";

pub fn barge_in_path(id: &str) -> String {
    format!("/people/{id}/features/bargeIn")
}

pub fn ptt_path(id: &str) -> String {
    format!("/telephony/config/virtualLines/{id}/pushToTalk")
}

pub fn barge_in_json() -> serde_json::Value {
    serde_json::json!({ "enabled": true, "toneEnabled": false })
}

/// A retry policy whose backoff is short enough for tests.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

pub fn client(server: &MockServer) -> Webex {
    client_with(server, fast_policy())
}

pub fn client_with(server: &MockServer, policy: RetryPolicy) -> Webex {
    Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry_policy(policy)
        .tracking_id_prefix("test")
        .build()
        .expect("client builds")
}

/// Header `name` of each request the server received, in order (`None`
/// where a request had none, or one that is not visible ASCII).
pub async fn header_of_each_request(server: &MockServer, name: &str) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .expect("the mock records requests")
        .iter()
        .map(|r| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .collect()
}

/// The `TrackingID` headers the server received, in order.
pub async fn tracking_ids(server: &MockServer) -> Vec<String> {
    header_of_each_request(server, "trackingid")
        .await
        .into_iter()
        .flatten()
        .collect()
}

pub async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .map(|r| r.len())
        .unwrap_or_default()
}
