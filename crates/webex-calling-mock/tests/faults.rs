//! Fault injection: queued failures and drops, rate limit, locked ids, latency,
//! random failures and junk `Retry-After` values.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use webex_calling_mock::{MockServer, seed_examples};

const DOCUMENTED: [u16; 15] = [
    400, 401, 403, 404, 405, 409, 410, 415, 423, 428, 429, 500, 502, 503, 504,
];

#[tokio::test]
async fn fail_next_drives_every_documented_status() {
    let server = MockServer::start().await.unwrap();
    let person = barge_in_url(&server, seed_examples::PERSON_ID);
    let line = push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID);
    for status in DOCUMENTED {
        server.fail_next(seed_examples::PERSON_ID, status, 1, None);
        let resp = get(&person).await;
        assert!(resp.headers().get("retry-after").is_none());
        error_body(resp, status).await;
        server.fail_next(seed_examples::VIRTUAL_LINE_ID, status, 1, Some("7"));
        let resp = put_json(&line, json!({"allowAutoAnswer": false})).await;
        assert_eq!(resp.headers()["retry-after"], "7");
        error_body(resp, status).await;
    }
    // The queue is used up: normal service resumes, and the failed writes changed nothing.
    assert_eq!(get(&person).await.status(), 200);
    let body: serde_json::Value = get(&line).await.json().await.unwrap();
    assert_eq!(body["allowAutoAnswer"], true);
}

#[tokio::test]
async fn fail_next_counts_times_and_only_affects_its_id() {
    let server = MockServer::start().await.unwrap();
    let person = barge_in_url(&server, seed_examples::PERSON_ID);
    let alice = barge_in_url(&server, seed_examples::ALICE_ID);
    server.fail_next(seed_examples::PERSON_ID, 429, 2, Some("rand(30),add(30)"));
    assert_eq!(get(&alice).await.status(), 200);
    for _ in 0..2 {
        let resp = get(&person).await;
        assert_eq!(resp.headers()["retry-after"], "rand(30),add(30)");
        error_body(resp, 429).await;
    }
    assert_eq!(get(&person).await.status(), 200);
    // Queued faults are served in order, and zero times queues nothing.
    server.fail_next(seed_examples::PERSON_ID, 500, 0, None);
    server.fail_next(seed_examples::PERSON_ID, 502, 1, None);
    server.fail_next(seed_examples::PERSON_ID, 504, 1, None);
    assert_eq!(get(&person).await.status(), 502);
    assert_eq!(get(&person).await.status(), 504);
    assert_eq!(get(&person).await.status(), 200);
}

/// The head arrives, then the body fails: the connection was cut mid-response.
async fn is_dropped(url: &str) -> bool {
    let resp = client().get(url).bearer_auth(TOKEN).send().await.unwrap();
    resp.bytes().await.is_err()
}

#[tokio::test]
async fn drop_next_cuts_the_connection_mid_response() {
    let server = MockServer::start().await.unwrap();
    let url = push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID);
    server.drop_next(seed_examples::VIRTUAL_LINE_ID, 2);
    assert!(is_dropped(&url).await);
    assert!(is_dropped(&url).await);
    assert!(!is_dropped(&url).await);
    let log = server.request_log();
    assert_eq!(log.len(), 3);
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let server = MockServer::builder().rate_limit(2.0).start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    // The burst is one second's worth: two requests pass, the third is limited.
    assert_eq!(get(&url).await.status(), 200);
    assert_eq!(get(&url).await.status(), 200);
    let resp = get(&url).await;
    let retry_after: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    error_body(resp, 429).await;

    // A fractional rate still allows a burst of one.
    let slow = MockServer::builder().rate_limit(0.1).start().await.unwrap();
    let url = barge_in_url(&slow, seed_examples::PERSON_ID);
    assert_eq!(get(&url).await.status(), 200);
    let resp = get(&url).await;
    let retry_after: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((9..=10).contains(&retry_after), "{retry_after}");
    error_body(resp, 429).await;
}

#[tokio::test]
async fn rate_limit_refills_over_time() {
    let server = MockServer::builder().rate_limit(5.0).start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    // Spend the burst: however fast or slow this machine is, some request
    // within the first 1,000 finds the bucket empty.
    let mut sent = 0;
    while get(&url).await.status() != 429 {
        sent += 1;
        assert!(sent < 1000, "the limit never applied");
    }
    assert!(sent >= 5, "the burst is one second's worth: {sent}");
    // Then the bucket refills: requests succeed again, without any guess at
    // how long that takes on this machine.
    let mut waits = 0;
    while get(&url).await.status() == 429 {
        waits += 1;
        assert!(waits < 10_000, "the bucket never refilled");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn malformed_retry_after_uses_junk_values() {
    let server = MockServer::builder()
        .rate_limit(1.0)
        .malformed_retry_after(true)
        .locked(seed_examples::ALICE_ID)
        .start()
        .await
        .unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    assert_eq!(get(&url).await.status(), 200);
    let resp = get(&url).await;
    let value = resp.headers()["retry-after"].to_str().unwrap().to_owned();
    assert!(value.parse::<u64>().is_err(), "{value}");
    error_body(resp, 429).await;

    let locked = MockServer::builder()
        .malformed_retry_after(true)
        .locked(seed_examples::ALICE_ID)
        .start()
        .await
        .unwrap();
    let resp = get(&barge_in_url(&locked, seed_examples::ALICE_ID)).await;
    let value = resp.headers()["retry-after"].to_str().unwrap().to_owned();
    assert!(value.parse::<u64>().is_err(), "{value}");
    error_body(resp, 423).await;
}

#[tokio::test]
async fn locked_ids_answer_423_with_retry_after() {
    let server = MockServer::builder()
        .locked(seed_examples::VIRTUAL_LINE_ID)
        .start()
        .await
        .unwrap();
    let url = push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID);
    for _ in 0..3 {
        let resp = get(&url).await;
        let secs: u64 = resp.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(secs >= 1);
        error_body(resp, 423).await;
    }
    let resp = put_json(&url, json!({"allowAutoAnswer": false})).await;
    error_body(resp, 423).await;
    // Other ids are unaffected.
    assert_eq!(
        get(&barge_in_url(&server, seed_examples::PERSON_ID))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn latency_delays_responses() {
    let server = MockServer::builder()
        .latency(Duration::from_millis(150))
        .start()
        .await
        .unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    let started = Instant::now();
    assert_eq!(get(&url).await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

async fn statuses(seed: u64, fail_rate: f64, n: usize) -> Vec<(u16, Option<String>)> {
    let server = MockServer::builder()
        .seed(seed)
        .fail_rate(fail_rate)
        .start()
        .await
        .unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let resp = get(&url).await;
        let retry = resp
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        out.push((resp.status().as_u16(), retry));
    }
    out
}

#[tokio::test]
async fn fail_rate_is_deterministic_for_a_seed() {
    let a = statuses(7, 0.5, 60).await;
    let b = statuses(7, 0.5, 60).await;
    let c = statuses(8, 0.5, 60).await;
    assert_eq!(a, b);
    assert_ne!(a, c);
    let failures: Vec<_> = a.iter().filter(|(s, _)| *s != 200).collect();
    assert!(
        failures.len() > 10 && failures.len() < 50,
        "{}",
        failures.len()
    );
    assert!(
        failures
            .iter()
            .all(|(s, _)| [500, 502, 503, 504].contains(s))
    );
    assert!(a.iter().all(|(s, retry)| retry.is_none() || *s == 503));

    let all = statuses(1, 1.0, 40).await;
    assert!(all.iter().all(|(s, _)| [500, 502, 503, 504].contains(s)));
    for status in [500, 502, 503, 504] {
        assert!(
            all.iter().any(|(s, _)| *s == status),
            "{status} never drawn"
        );
    }
    assert!(all.iter().any(|(s, retry)| *s == 503 && retry.is_some()));
    let none = statuses(1, 0.0, 20).await;
    assert!(none.iter().all(|(s, _)| *s == 200));
}

#[tokio::test]
async fn random_failures_carry_webex_error_bodies() {
    let server = MockServer::builder().fail_rate(1.0).start().await.unwrap();
    let resp = get(&barge_in_url(&server, seed_examples::PERSON_ID)).await;
    let status = resp.status().as_u16();
    error_body(resp, status).await;
}
