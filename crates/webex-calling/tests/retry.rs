//! Retry rules, Retry-After handling, caps, timeouts and the shared 429 gate.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use webex_calling::types::BargeInSettingsUpdate;
use webex_calling::{ApiErrorKind, BulkOptions, Error, RetryPolicy, Webex};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[derive(Clone, Copy, Debug)]
enum Op {
    Get,
    Put,
}

async fn run(webex: &Webex, op: Op) -> Result<(), Error> {
    let barge_in = webex.person(PERSON).barge_in();
    match op {
        Op::Get => barge_in.get().await.map(|_| ()),
        Op::Put => {
            barge_in
                .update(&BargeInSettingsUpdate {
                    enabled: Some(true),
                    tone_enabled: None,
                })
                .await
        }
    }
}

/// Mounts `first` for the first `times` requests, then a success.
async fn failing_then_ok(server: &MockServer, op: Op, first: ResponseTemplate, times: u64) {
    let m = match op {
        Op::Get => "GET",
        Op::Put => "PUT",
    };
    Mock::given(method(m))
        .and(path(barge_in_path(PERSON)))
        .respond_with(first)
        .up_to_n_times(times)
        .mount(server)
        .await;
    let ok = match op {
        Op::Get => ResponseTemplate::new(200).set_body_json(barge_in_json()),
        Op::Put => ResponseTemplate::new(204),
    };
    Mock::given(method(m))
        .and(path(barge_in_path(PERSON)))
        .respond_with(ok)
        .mount(server)
        .await;
}

#[tokio::test]
async fn retryable_statuses_are_retried_for_get_and_put() {
    for op in [Op::Get, Op::Put] {
        for status in [429u16, 423, 502, 503, 504] {
            let server = MockServer::start().await;
            // No Retry-After: the backoff path (a 429 with one is tested below).
            failing_then_ok(&server, op, ResponseTemplate::new(status), 1).await;
            let webex = client(&server);
            let result = run(&webex, op).await;
            assert!(result.is_ok(), "{op:?} {status}: {result:?}");
            assert_eq!(request_count(&server).await, 2, "{op:?} {status}");
            let stats = webex.stats();
            assert_eq!((stats.requests, stats.retries, stats.succeeded), (2, 1, 1));
            assert_eq!(stats.throttled, u64::from(status == 429));
        }
    }
}

#[tokio::test]
async fn non_retryable_statuses_fail_at_once() {
    for op in [Op::Get, Op::Put] {
        for status in [400u16, 401, 403, 404, 405, 409, 410, 415, 428, 500] {
            let server = MockServer::start().await;
            // Even an explicit Retry-After must not cause a retry.
            failing_then_ok(
                &server,
                op,
                ResponseTemplate::new(status).insert_header("Retry-After", "0"),
                1,
            )
            .await;
            let webex = client(&server);
            let error = run(&webex, op).await.expect_err("must fail");
            assert_eq!(error.status(), Some(status), "{op:?}");
            assert!(!error.is_retryable());
            assert_eq!(
                request_count(&server).await,
                1,
                "{op:?} {status} was retried"
            );
            assert_eq!(webex.stats().failed, 1);
        }
    }
}

#[tokio::test]
async fn retries_share_a_tracking_id_lineage() {
    let server = MockServer::start().await;
    failing_then_ok(&server, Op::Get, ResponseTemplate::new(503), 2).await;
    let webex = client(&server);
    webex.person(PERSON).barge_in().get().await.unwrap();
    webex.person(PERSON).barge_in().get().await.unwrap();
    let ids = tracking_ids(&server).await;
    assert_eq!(ids.len(), 4, "{ids:?}");
    let stem = &ids[0];
    assert!(
        stem.starts_with("test_") && stem.len() == "test_".len() + 36,
        "{stem}"
    );
    assert_eq!(ids[1], format!("{stem}_a2"));
    assert_eq!(ids[2], format!("{stem}_a3"));
    assert!(
        !ids[3].starts_with(stem.as_str()),
        "a new call gets a new lineage"
    );
}

#[tokio::test]
async fn error_carries_the_tracking_id_of_the_last_attempt() {
    let server = MockServer::start().await;
    failing_then_ok(&server, Op::Get, ResponseTemplate::new(503), 10).await;
    let webex = client_with(&server, fast_policy().max_attempts(2));
    let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
    let ids = tracking_ids(&server).await;
    assert_eq!(error.tracking_id(), Some(ids[1].as_str()));
    assert!(error.to_string().contains(&ids[1]), "{error}");
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_out() {
    let server = MockServer::start().await;
    failing_then_ok(
        &server,
        Op::Get,
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
        1,
    )
    .await;
    let webex = client(&server);
    let started = Instant::now();
    webex.person(PERSON).barge_in().get().await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_millis(1900), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_as_http_date_is_waited_out() {
    let server = MockServer::start().await;
    // HTTP-dates have whole seconds, so this asks for a wait of 0.5 to 1.5 s.
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_millis(1500));
    failing_then_ok(
        &server,
        Op::Get,
        ResponseTemplate::new(503).insert_header("Retry-After", date.as_str()),
        1,
    )
    .await;
    let webex = client(&server);
    let started = Instant::now();
    webex.person(PERSON).barge_in().get().await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(400),
        "waited only {waited:?}"
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn malformed_or_absent_retry_after_falls_back_to_backoff() {
    for header in [Some("rand(30),add(30)"), Some(""), Some("-1"), None] {
        let server = MockServer::start().await;
        let mut first = ResponseTemplate::new(429);
        if let Some(value) = header {
            first = first.insert_header("Retry-After", value);
        }
        failing_then_ok(&server, Op::Get, first, 2).await;
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(150));
        let webex = client_with(&server, policy);
        let started = Instant::now();
        let result = webex.person(PERSON).barge_in().get().await;
        let waited = started.elapsed();
        assert!(result.is_ok(), "{header:?}: {result:?}");
        // Two backoffs of at least 100 ms each, with jitter of up to 100%.
        assert!(
            waited >= Duration::from_millis(200),
            "{header:?}: {waited:?}"
        );
        assert!(
            waited < Duration::from_millis(1000),
            "{header:?}: {waited:?}"
        );
    }
}

#[tokio::test]
async fn huge_retry_after_returns_the_error_without_sleeping() {
    let day_later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(86_400));
    for value in ["86400", day_later.as_str()] {
        let server = MockServer::start().await;
        failing_then_ok(
            &server,
            Op::Get,
            ResponseTemplate::new(429).insert_header("Retry-After", value),
            1,
        )
        .await;
        let webex = client_with(
            &server,
            fast_policy().max_retry_after(Duration::from_secs(30)),
        );
        let started = Instant::now();
        let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
        assert!(started.elapsed() < Duration::from_millis(500));
        let wait = error.retry_after().expect("retry_after kept");
        assert!(wait > Duration::from_secs(86_000), "{wait:?}");
        assert_eq!(
            error.api().map(|a| a.kind),
            Some(ApiErrorKind::TooManyRequests)
        );
        assert!(error.to_string().contains("retry after"), "{error}");
        assert_eq!(request_count(&server).await, 1);
    }
}

#[tokio::test]
async fn attempts_are_capped() {
    let server = MockServer::start().await;
    failing_then_ok(
        &server,
        Op::Put,
        ResponseTemplate::new(502).insert_header("Retry-After", "0"),
        100,
    )
    .await;
    let webex = client_with(&server, fast_policy().max_attempts(3));
    let error = run(&webex, Op::Put).await.unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(request_count(&server).await, 3);
    assert_eq!(webex.stats().retries, 2);
}

#[tokio::test]
async fn total_time_is_capped() {
    let server = MockServer::start().await;
    failing_then_ok(
        &server,
        Op::Get,
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
        100,
    )
    .await;
    let policy = fast_policy()
        .max_attempts(10)
        .max_elapsed(Duration::from_millis(500));
    let webex = client_with(&server, policy);
    let started = Instant::now();
    let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
    // A 1 s wait would overrun the 500 ms budget, so the call gives up at once.
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.status(), Some(503));
    assert_eq!(request_count(&server).await, 1);

    // With backoff the budget ends the retries after a few attempts.
    let server = MockServer::start().await;
    failing_then_ok(&server, Op::Get, ResponseTemplate::new(503), 100).await;
    let policy = RetryPolicy::default()
        .backoff(Duration::from_millis(100), Duration::from_millis(100))
        .max_attempts(100)
        .max_elapsed(Duration::from_millis(700));
    let webex = client_with(&server, policy);
    let started = Instant::now();
    webex.person(PERSON).barge_in().get().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    let sent = request_count(&server).await;
    assert!((2..=7).contains(&sent), "{sent} requests");
}

#[tokio::test]
async fn connection_errors_are_retried_and_reported() {
    // A port that was just free: nothing listens, so connecting fails fast.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(&format!("http://127.0.0.1:{port}"))
        .retry_policy(fast_policy().max_attempts(3))
        .build()
        .unwrap();
    let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { connect: true, .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(
        error.tracking_id().is_some_and(|id| id.ends_with("_a3")),
        "{error:?}"
    );
    assert_eq!(webex.stats().requests, 3);
}

#[tokio::test]
async fn timeouts_are_retried_and_reported() {
    let server = MockServer::start().await;
    failing_then_ok(
        &server,
        Op::Get,
        ResponseTemplate::new(200)
            .set_body_json(barge_in_json())
            .set_delay(Duration::from_millis(600)),
        1,
    )
    .await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(&server.uri())
        .request_timeout(Duration::from_millis(150))
        .retry_policy(fast_policy())
        .build()
        .unwrap();
    assert!(webex.person(PERSON).barge_in().get().await.is_ok());
    assert_eq!(request_count(&server).await, 2);

    // Always slow: the timeout is what the caller sees.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(barge_in_json())
                .set_delay(Duration::from_millis(600)),
        )
        .mount(&server)
        .await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(&server.uri())
        .request_timeout(Duration::from_millis(100))
        .retry_policy(fast_policy().max_attempts(2))
        .build()
        .unwrap();
    let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(error.to_string().contains("timed out"));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn the_request_timeout_also_applies_to_a_callers_http_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(barge_in_json())
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(&server.uri())
        .http_client(reqwest::Client::new())
        .request_timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(600));
}

/// Answers the first request with 429 + `Retry-After: 1` and records when
/// every request arrived.
struct ThrottleOnce {
    throttled: AtomicBool,
    log: Arc<Mutex<Vec<(Instant, u16)>>>,
}

impl Respond for ThrottleOnce {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let first = !self.throttled.swap(true, Ordering::SeqCst);
        let status = if first { 429 } else { 200 };
        self.log.lock().unwrap().push((Instant::now(), status));
        if first {
            ResponseTemplate::new(429).insert_header("Retry-After", "1")
        } else {
            ResponseTemplate::new(200)
                .set_body_json(barge_in_json())
                .set_delay(Duration::from_millis(20))
        }
    }
}

#[tokio::test]
async fn one_429_pauses_the_whole_client() {
    let server = MockServer::start().await;
    let log = Arc::new(Mutex::new(Vec::new()));
    Mock::given(method("GET"))
        .respond_with(ThrottleOnce {
            throttled: AtomicBool::new(false),
            log: log.clone(),
        })
        .mount(&server)
        .await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(&server.uri())
        .max_concurrency(4)
        .retry_policy(fast_policy())
        .build()
        .unwrap();
    let ids: Vec<String> = (0..24).map(|i| format!("person-{i}")).collect();
    let results: Vec<_> = futures::StreamExt::collect::<Vec<_>>(webex.bulk(
        ids,
        BulkOptions::default().concurrency(24),
        |webex, id| async move { webex.person(id).barge_in().get().await },
    ))
    .await;
    assert_eq!(results.len(), 24);
    assert!(results.iter().all(|(_, r)| r.is_ok()));

    let log = log.lock().unwrap().clone();
    let throttled_at = log
        .iter()
        .find(|(_, s)| *s == 429)
        .map(|(t, _)| *t)
        .unwrap();
    // Requests already on the wire when the 429 was sent may land just after
    // it; nothing else may arrive until Retry-After has passed.
    let in_flight_window = Duration::from_millis(100);
    let later: Vec<Duration> = log
        .iter()
        .filter(|(t, _)| *t > throttled_at + in_flight_window)
        .map(|(t, _)| *t - throttled_at)
        .collect();
    assert!(
        later.len() >= 20,
        "most requests come after the pause: {later:?}"
    );
    for gap in &later {
        assert!(
            *gap >= Duration::from_secs(1),
            "request {gap:?} after the 429, before Retry-After passed"
        );
    }
    let stats = webex.stats();
    assert_eq!(stats.throttled, 1);
    assert!(stats.gate_waits >= 20, "{stats:?}");
    assert_eq!(stats.requests, 25);
}

#[tokio::test]
async fn a_request_in_backoff_holds_no_concurrency_slot() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(barge_in_path("slow")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(barge_in_json()))
        .mount(&server)
        .await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(&server.uri())
        .max_concurrency(1)
        .retry_policy(
            RetryPolicy::default().backoff(Duration::from_millis(800), Duration::from_millis(800)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let slow = tokio::spawn({
        let webex = webex.clone();
        async move {
            webex
                .person("slow")
                .barge_in()
                .get()
                .await
                .map(|_| Instant::now())
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    webex.person("fast").barge_in().get().await.unwrap();
    let fast_done = Instant::now();
    let slow_done = slow.await.unwrap().unwrap();
    assert!(
        fast_done - started < Duration::from_millis(500),
        "{:?}",
        fast_done - started
    );
    assert!(slow_done > fast_done);
}
