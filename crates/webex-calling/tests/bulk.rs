//! Bulk operations: every id exactly once, ordering, laziness, mixed failures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures::StreamExt;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use webex_calling::{BulkOptions, Error, RetryPolicy};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Succeeds for `ok-*` ids (with a delay that varies by id, so completion
/// order differs from input order) and answers 404 for `missing-*` ids.
struct ById;

impl Respond for ById {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request
            .url
            .path()
            .split('/')
            .nth(2)
            .unwrap_or_default()
            .to_owned();
        if id.starts_with("missing") {
            return ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({"message": "no such person"}));
        }
        let n: u64 = id.trim_start_matches("ok-").parse().unwrap_or(0);
        ResponseTemplate::new(200)
            .set_body_json(
                serde_json::json!({"enabled": n.is_multiple_of(2), "toneEnabled": false}),
            )
            .set_delay(Duration::from_millis((n * 7) % 40))
    }
}

fn mixed_ids() -> Vec<String> {
    (0..40)
        .map(|i| match i % 10 {
            3 => format!("missing-{i}"),
            7 => " ".to_string(),
            _ => format!("ok-{i}"),
        })
        .collect()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("^/people/"))
        .respond_with(ById)
        .mount(&server)
        .await;
    server
}

fn check_result(id: &str, result: &Result<bool, Error>) {
    if id.starts_with("ok-") {
        let n: u64 = id.trim_start_matches("ok-").parse().unwrap();
        assert_eq!(result.as_ref().ok(), Some(&(n.is_multiple_of(2))), "{id}");
    } else if id.starts_with("missing") {
        assert_eq!(
            result.as_ref().err().and_then(Error::status),
            Some(404),
            "{id}"
        );
    } else {
        assert!(
            matches!(result, Err(Error::InvalidInput { .. })),
            "{id:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn unordered_bulk_yields_every_id_exactly_once() {
    let server = server().await;
    let webex = client_with(&server, RetryPolicy::none());
    let ids = mixed_ids();
    let results: Vec<(String, Result<bool, Error>)> = webex
        .bulk(
            ids.clone(),
            BulkOptions::default().concurrency(8),
            |webex, id| async move { webex.person(id).barge_in().get().await.map(|s| s.enabled) },
        )
        .collect()
        .await;
    assert_eq!(results.len(), ids.len());
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (id, result) in &results {
        *counts.entry(id.as_str()).or_default() += 1;
        check_result(id, result);
    }
    let mut expected: HashMap<&str, usize> = HashMap::new();
    for id in &ids {
        *expected.entry(id.as_str()).or_default() += 1;
    }
    assert_eq!(counts, expected);
    let returned: Vec<&String> = results.iter().map(|(id, _)| id).collect();
    assert_ne!(
        returned,
        ids.iter().collect::<Vec<_>>(),
        "unordered results come as they complete"
    );
    let stats = webex.stats();
    assert_eq!(stats.succeeded, 32);
    assert_eq!(stats.failed, 8);
    assert_eq!(stats.requests, 36, "blank ids send no request");
}

#[tokio::test]
async fn ordered_bulk_keeps_input_order() {
    let server = server().await;
    let webex = client_with(&server, RetryPolicy::none());
    let ids = mixed_ids();
    let results: Vec<(String, Result<bool, Error>)> = webex
        .bulk_stream(
            futures::stream::iter(ids.clone()),
            BulkOptions::default().concurrency(8).ordered(true),
            |webex, id| async move { webex.person(id).barge_in().get().await.map(|s| s.enabled) },
        )
        .collect()
        .await;
    let returned: Vec<String> = results.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(returned, ids);
    for (id, result) in &results {
        check_result(id, result);
    }
}

#[tokio::test]
async fn bulk_pulls_ids_lazily_and_bounds_concurrency() {
    let server = server().await;
    let webex = client_with(&server, RetryPolicy::none());
    let pulled = Arc::new(AtomicUsize::new(0));
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let endless = {
        let pulled = pulled.clone();
        (0u64..).map(move |i| {
            pulled.fetch_add(1, Ordering::SeqCst);
            format!("ok-{i}")
        })
    };
    let first: Vec<_> = webex
        .bulk(
            endless,
            BulkOptions::default().concurrency(4),
            |webex, id| {
                let (running, peak) = (running.clone(), peak.clone());
                async move {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    let result = webex.person(id).barge_in().get().await;
                    running.fetch_sub(1, Ordering::SeqCst);
                    result
                }
            },
        )
        .take(10)
        .collect()
        .await;
    assert_eq!(first.len(), 10);
    assert!(
        pulled.load(Ordering::SeqCst) <= 10 + 4,
        "pulled {}",
        pulled.load(Ordering::SeqCst)
    );
    assert!(peak.load(Ordering::SeqCst) <= 4);
}

#[tokio::test]
async fn bulk_read_modify_write_with_retries_mixed_in() {
    let server = MockServer::start().await;
    // Every id's first read is throttled without Retry-After (backoff), then fine.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(5)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ById)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let webex = client(&server);
    let ids: Vec<String> = (0..20).map(|i| format!("ok-{i}")).collect();
    let results: Vec<_> = webex
        .bulk(
            ids,
            BulkOptions::default().concurrency(5),
            |webex, id| async move {
                webex
                    .person(id)
                    .barge_in()
                    .modify(|s| s.enabled = true)
                    .await
            },
        )
        .collect()
        .await;
    assert_eq!(results.len(), 20);
    for (id, result) in &results {
        let outcome = result.as_ref().unwrap();
        let n: u64 = id.trim_start_matches("ok-").parse().unwrap();
        // Even ids were already enabled, so only odd ones are written.
        assert_eq!(outcome.sent, !n.is_multiple_of(2), "{id}");
    }
    assert_eq!(webex.stats().retries, 5);
}
