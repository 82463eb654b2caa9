//! Retry rules, Retry-After handling, caps, timeouts and the shared 429 gate.

mod common;

use common::scripted::{Reply, Scripted};
use common::*;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;
use webex_calling::types::BargeInSettingsUpdate;
use webex_calling::{ApiErrorKind, BulkOptions, Error, RetryPolicy, Webex};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

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
                .update(&{
                    let mut update = BargeInSettingsUpdate::default();
                    update.enabled = Some(true);
                    update
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

#[tokio::test(start_paused = true)]
async fn retry_after_in_seconds_is_waited_out() {
    let server = Scripted::failing_then_ok(Reply::status(503).header("Retry-After", "1"), 1).await;
    let webex = server.client(fast_policy());
    let started = Instant::now();
    webex.person(PERSON).barge_in().get().await.unwrap();
    let waited = started.elapsed();
    // Exactly the server's wait (the timer wheel counts whole milliseconds),
    // not a backoff on top of it.
    assert!(
        (Duration::from_secs(1)..Duration::from_millis(1010)).contains(&waited),
        "waited {waited:?}"
    );
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 2);
    assert!(arrivals[1].at - arrivals[0].at >= Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_http_date_is_waited_out() {
    // HTTP-dates have whole seconds, so this asks for a wait of 0.5 to 1.5 s
    // (measured against the real clock, which the paused clock leaves alone).
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_millis(1500));
    let server =
        Scripted::failing_then_ok(Reply::status(503).header("Retry-After", date.as_str()), 1).await;
    let webex = server.client(fast_policy());
    let started = Instant::now();
    webex.person(PERSON).barge_in().get().await.unwrap();
    let waited = started.elapsed();
    assert!(
        (Duration::from_millis(400)..Duration::from_millis(1510)).contains(&waited),
        "waited {waited:?}"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn malformed_or_absent_retry_after_falls_back_to_backoff() {
    for header in [Some("rand(30),add(30)"), Some(""), Some("-1"), None] {
        let mut first = Reply::status(429);
        if let Some(value) = header {
            first = first.header("Retry-After", value);
        }
        let server = Scripted::failing_then_ok(first, 2).await;
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(150));
        let webex = server.client(policy);
        let started = Instant::now();
        let result = webex.person(PERSON).barge_in().get().await;
        let waited = started.elapsed();
        assert!(result.is_ok(), "{header:?}: {result:?}");
        // Two backoffs: 100 ms, then 150 ms (capped), each plus a jitter of
        // less than itself; the timer wheel rounds each up to a millisecond.
        assert!(
            (Duration::from_millis(250)..Duration::from_millis(502)).contains(&waited),
            "{header:?}: {waited:?}"
        );
        assert_eq!(server.count(), 3, "{header:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn huge_retry_after_returns_the_error_without_sleeping() {
    let day_later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(86_400));
    for value in ["86400", day_later.as_str()] {
        let server =
            Scripted::failing_then_ok(Reply::status(429).header("Retry-After", value), 1).await;
        let webex = server.client(fast_policy().max_retry_after(Duration::from_secs(30)));
        let started = Instant::now();
        let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
        // On the paused clock any sleep would show here in full.
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        let wait = error.retry_after().expect("retry_after kept");
        assert!(wait > Duration::from_secs(86_000), "{wait:?}");
        assert_eq!(
            error.api().map(|a| a.kind),
            Some(ApiErrorKind::TooManyRequests)
        );
        assert!(error.to_string().contains("retry after"), "{error}");
        assert_eq!(server.count(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn an_unbounded_retry_after_cap_does_not_overflow_the_clock() {
    // `max_retry_after(Duration::MAX)` lets a wait of about 10^23 seconds through
    // to the rate-limit gate and the retry budget, which used to add it to an
    // Instant and panic.
    for value in ["99999999999999999999999", "18446744073709551615"] {
        let server =
            Scripted::failing_then_ok(Reply::status(429).header("Retry-After", value), 1).await;
        let webex = server.client(fast_policy().max_retry_after(Duration::MAX));
        let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
        assert_eq!(error.status(), Some(429), "{value}");
        assert_eq!(
            server.count(),
            1,
            "{value}: the wait exceeds the retry budget"
        );
        // A second call waits for the gate, which stays closed no longer than
        // the retry budget (2 minutes), then succeeds.
        let started = Instant::now();
        webex.person(PERSON).barge_in().get().await.unwrap();
        assert!(
            started.elapsed() <= Duration::from_secs(121),
            "{value}: {:?}",
            started.elapsed()
        );
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

#[tokio::test(start_paused = true)]
async fn total_time_is_capped() {
    let server =
        Scripted::failing_then_ok(Reply::status(503).header("Retry-After", "1"), 100).await;
    let policy = fast_policy()
        .max_attempts(10)
        .max_elapsed(Duration::from_millis(500));
    let webex = server.client(policy);
    let started = Instant::now();
    let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
    // A 1 s wait would overrun the 500 ms budget, so the call gives up at once
    // (on the paused clock, any wait would show in full).
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.count(), 1);

    // With backoff the budget ends the retries after a few attempts: each wait
    // is 100 ms plus a jitter under 100 ms, and none may end past 650 ms, so
    // there are 3 to 6 waits.
    let server = Scripted::failing_then_ok(Reply::status(503), 100).await;
    let policy = RetryPolicy::default()
        .backoff(Duration::from_millis(100), Duration::from_millis(100))
        .max_attempts(100)
        .max_elapsed(Duration::from_millis(650));
    let webex = server.client(policy);
    let started = Instant::now();
    webex.person(PERSON).barge_in().get().await.unwrap_err();
    // The timer wheel rounds each wait up to a whole millisecond.
    assert!(
        started.elapsed() <= Duration::from_millis(656),
        "{:?}",
        started.elapsed()
    );
    let sent = server.count();
    assert!((4..=7).contains(&sent), "{sent} requests");
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
        .base_url(format!("http://127.0.0.1:{port}"))
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

#[tokio::test(start_paused = true)]
async fn timeouts_are_retried_and_reported() {
    let slow = Reply::ok("GET").delay(Duration::from_millis(600));
    let server = Scripted::failing_then_ok(slow.clone(), 1).await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .request_timeout(Duration::from_millis(150))
        .retry_policy(fast_policy())
        .build()
        .unwrap();
    assert!(webex.person(PERSON).barge_in().get().await.is_ok());
    assert_eq!(server.count(), 2);

    // Always slow: the timeout is what the caller sees.
    let server = Scripted::start(move |_, _, _| slow.clone()).await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .request_timeout(Duration::from_millis(100))
        .retry_policy(fast_policy().max_attempts(2))
        .build()
        .unwrap();
    let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(error.to_string().contains("timed out"));
    assert_eq!(server.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_request_timeout_also_applies_to_a_callers_http_client() {
    let server =
        Scripted::start(|_, _, _| Reply::ok("GET").delay(Duration::from_millis(800))).await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .http_client(reqwest::Client::new())
        .request_timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    // The client's 100 ms, not the server's 800 ms.
    assert!(
        (Duration::from_millis(100)..Duration::from_millis(800)).contains(&started.elapsed()),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn one_429_pauses_the_whole_client() {
    // The first request is throttled for 1 s; the others succeed after 20 ms.
    let server = Scripted::start(|n, method, _| {
        if n == 0 {
            Reply::status(429).header("Retry-After", "1")
        } else {
            Reply::ok(method).delay(Duration::from_millis(20))
        }
    })
    .await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
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

    let arrivals = server.arrivals();
    let throttled_at = arrivals[0].at;
    assert_eq!(arrivals[0].status, 429);
    // Requests already on the wire when the 429 was sent arrive at the same
    // instant (no time passes in flight on the paused clock); nothing else
    // may arrive until Retry-After has passed.
    let later: Vec<Duration> = arrivals
        .iter()
        .filter(|a| a.at > throttled_at)
        .map(|a| a.at - throttled_at)
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

#[tokio::test(start_paused = true)]
async fn a_request_in_backoff_holds_no_concurrency_slot() {
    let slow_path = barge_in_path("slow");
    let server = Scripted::start(move |n, method, path| {
        if n == 0 && path == slow_path {
            Reply::status(503)
        } else {
            Reply::ok(method)
        }
    })
    .await;
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .max_concurrency(1)
        .retry_policy(
            RetryPolicy::default().backoff(Duration::from_millis(800), Duration::from_millis(800)),
        )
        .build()
        .unwrap();
    let slow = tokio::spawn({
        let webex = webex.clone();
        async move { webex.person("slow").barge_in().get().await }
    });
    // Once the slow call's first request has been answered it backs off for
    // 800 ms; the only slot must be free for another call meanwhile.
    server.wait_for(1).await;
    webex.person("fast").barge_in().get().await.unwrap();
    slow.await.unwrap().unwrap();
    let order: Vec<(String, u16)> = server
        .arrivals()
        .into_iter()
        .map(|a| (a.path, a.status))
        .collect();
    assert_eq!(
        order,
        [
            (barge_in_path("slow"), 503),
            (barge_in_path("fast"), 200),
            (barge_in_path("slow"), 200),
        ],
        "the fast call waited for the slow call's backoff"
    );
}

#[tokio::test]
async fn waits_beyond_the_cap_fail_at_once_and_three_in_a_row_are_a_stall() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "100000")
                .set_body_json(serde_json::json!({"message": "slow down"})),
        )
        .mount(&server)
        .await;
    // A small cap: after each 429 the client's other requests wait the cap.
    let webex = client_with(
        &server,
        fast_policy().max_retry_after(Duration::from_millis(20)),
    );
    for n in 1..=3 {
        assert!(webex.stalled().is_none(), "not before the third: {n}");
        let error = webex.person(PERSON).barge_in().get().await.unwrap_err();
        assert_eq!(error.status(), Some(429));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(100_000)));
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "no retries"
    );
    let stalled = webex
        .stalled()
        .expect("three waits beyond the cap in a row");
    assert!(stalled.beyond_cap());
    let message = stalled.to_string();
    assert!(message.contains("Retry-After: 100000 s"), "{message}");
}

#[tokio::test]
async fn an_answer_that_gets_through_ends_a_stall() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "100000"))
        .up_to_n_times(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(barge_in_json()))
        .mount(&server)
        .await;
    let webex = client_with(
        &server,
        fast_policy().max_retry_after(Duration::from_millis(20)),
    );
    for _ in 0..3 {
        let _ = webex.person(PERSON).barge_in().get().await;
    }
    assert!(webex.stalled().is_some());
    webex.person(PERSON).barge_in().get().await.unwrap();
    assert!(webex.stalled().is_none());
}
