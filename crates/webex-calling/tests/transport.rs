//! What the HTTP layer must refuse: runaway error bodies, redirects off the
//! API host, proxies for a loopback base URL; and what it must resend: a
//! request an HTTP/2 server refused unprocessed.
// clippy.toml's allow-expect-in-tests covers #[test] functions only, not the
// helpers below.
#![allow(clippy::expect_used)]

mod common;

use common::scripted::{Reply, Scripted};
use common::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use webex_calling::{RetryPolicy, Webex};

/// Reads one request head (up to the blank line) and returns it.
async fn read_request_head(socket: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.expect("read the request") == 0 {
            break;
        }
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Answers one request with `status` and a `body_len`-byte body, written until
/// the client stops reading; returns how many body bytes were written.
async fn serve_huge_body(listener: TcpListener, status: &str, body_len: usize) -> usize {
    let (mut socket, _) = listener.accept().await.expect("a connection");
    read_request_head(&mut socket).await;
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/plain\r\ncontent-length: {body_len}\r\n\r\n"
    );
    socket
        .write_all(head.as_bytes())
        .await
        .expect("write the head");
    let chunk = vec![b'x'; 64 * 1024];
    let mut written = 0;
    while written < body_len {
        if socket.write_all(&chunk).await.is_err() {
            break;
        }
        written += chunk.len();
    }
    written
}

fn client_for(base_url: &str) -> Webex {
    Webex::builder()
        .token(TOKEN)
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_huge_error_body_is_read_only_in_part() {
    const BODY_LEN: usize = 100 * 1024 * 1024;
    // 500 goes through the client's error hook, 300 (no Location, so nothing
    // to follow) through the library's handling of undocumented statuses.
    for status in ["500 Internal Server Error", "300 Multiple Choices"] {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let server = tokio::spawn(serve_huge_body(listener, status, BODY_LEN));

        let error = client_for(&base_url)
            .person(PERSON)
            .barge_in()
            .get()
            .await
            .expect_err("an error status");
        let api = error.api().expect("an API error");
        assert_eq!(Some(api.status), status[..3].parse().ok());
        assert!(api.message.starts_with("xxx"), "{status}: {api:?}");
        assert!(api.message.chars().count() <= 513, "{status}: {api:?}");

        // The client hung up after its bounded prefix; socket buffers hold a
        // few MiB at most, so nowhere near the whole body was sent.
        let written = server.await.expect("the server task");
        assert!(
            written < BODY_LEN / 4,
            "{status}: the client read {written} bytes of the body"
        );
    }
}

#[tokio::test]
async fn redirects_within_the_api_origin_are_followed() {
    let server = Scripted::start(|_, method, path| {
        if path == "/moved" {
            Reply::ok(method)
        } else {
            Reply::status(307).header("Location", "/moved")
        }
    })
    .await;
    let webex = server.client(RetryPolicy::none());
    webex
        .person(PERSON)
        .barge_in()
        .get()
        .await
        .expect("followed");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn redirects_off_the_api_origin_are_refused() {
    // Another port is another origin, as another host or http after https is.
    let elsewhere = Scripted::start(|_, method, _| Reply::ok(method)).await;
    let target = format!("{}{}", elsewhere.uri(), barge_in_path(PERSON));
    let server = Scripted::start({
        let target = target.clone();
        move |_, _, _| Reply::status(307).header("Location", &target)
    })
    .await;
    let webex = server.client(fast_policy());
    let update = {
        let mut update = webex_calling::types::BargeInSettingsUpdate::default();
        update.enabled = Some(true);
        update
    };
    let get = webex.person(PERSON).barge_in().get().await.map(|_| ());
    let put = webex.person(PERSON).barge_in().update(&update).await;
    for result in [get, put] {
        let error = result.expect_err("the redirect is not followed");
        assert_eq!(error.status(), Some(307), "{error}");
        assert!(!error.is_retryable(), "{error}");
        let message = error.to_string();
        assert!(message.contains("not followed"), "{message}");
        assert!(message.contains(&target), "{message}");
        assert!(!message.contains(TOKEN), "{message}");
    }
    assert_eq!(server.count(), 2, "one request per call, no retries");
    assert_eq!(elsewhere.count(), 0, "the other origin received a request");
}

/// How [`h2_server`] treats what it receives.
#[derive(Clone, Copy)]
enum Refusal {
    /// Its first `n` streams are reset with `REFUSED_STREAM`.
    Streams(usize),
    /// Its first connection's first request gets a GOAWAY that refuses it.
    GoAway,
}

/// An HTTP/2 server (cleartext, prior knowledge) on loopback that refuses
/// requests as `refusal` says and answers the others with a barge-in body;
/// returns its base URL and the number of requests it saw.
async fn h2_server(refusal: Refusal) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    let streams = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&streams);
    tokio::spawn(async move {
        let mut first = true;
        while let Ok((socket, _)) = listener.accept().await {
            let seen = Arc::clone(&seen);
            if std::mem::take(&mut first) && matches!(refusal, Refusal::GoAway) {
                tokio::spawn(refuse_with_goaway(socket, seen));
                continue;
            }
            let refuse = match refusal {
                Refusal::Streams(n) => n,
                Refusal::GoAway => 0,
            };
            tokio::spawn(serve_h2(socket, seen, refuse));
        }
    });
    (base_url, streams)
}

/// Serves one connection with the `h2` crate, resetting requests while
/// fewer than `refuse` have been seen.
async fn serve_h2(socket: TcpStream, seen: Arc<AtomicUsize>, refuse: usize) {
    let mut connection = h2::server::handshake(socket).await.expect("h2 handshake");
    // Polling `accept` also drives the connection's other streams.
    while let Some(Ok((_request, mut respond))) = connection.accept().await {
        if seen.fetch_add(1, Ordering::SeqCst) < refuse {
            respond.send_reset(h2::Reason::REFUSED_STREAM);
            continue;
        }
        let head = http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(())
            .expect("a response head");
        let mut body = respond.send_response(head, false).expect("send the head");
        body.send_data(bytes::Bytes::from(barge_in_json().to_string()), true)
            .expect("send the body");
    }
}

/// Answers the first request of a connection with GOAWAY (last stream 0,
/// `NO_ERROR`): a graceful shutdown the request came too late for. Written
/// frame by frame, since the `h2` crate's server counts a stream it has read
/// as processed.
async fn refuse_with_goaway(mut socket: TcpStream, seen: Arc<AtomicUsize>) {
    const EMPTY_SETTINGS: [u8; 9] = [0, 0, 0, 4, 0, 0, 0, 0, 0];
    const HEADERS: u8 = 1;
    const GOAWAY_LAST_0_NO_ERROR: [u8; 17] = [0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    socket
        .write_all(&EMPTY_SETTINGS)
        .await
        .expect("the server preface");
    let mut preface = [0u8; 24];
    socket
        .read_exact(&mut preface)
        .await
        .expect("the client preface");
    loop {
        let mut head = [0u8; 9];
        socket.read_exact(&mut head).await.expect("a frame header");
        let length = u32::from_be_bytes([0, head[0], head[1], head[2]]);
        let mut payload = vec![0u8; length as usize];
        socket
            .read_exact(&mut payload)
            .await
            .expect("a frame payload");
        if head[3] == HEADERS {
            break;
        }
    }
    seen.fetch_add(1, Ordering::SeqCst);
    socket
        .write_all(&GOAWAY_LAST_0_NO_ERROR)
        .await
        .expect("the GOAWAY");
    // Read until the client hangs up: closing with its frames unread would
    // reset the connection, and the reset could overtake the GOAWAY.
    let mut rest = Vec::new();
    let _ = socket.read_to_end(&mut rest).await;
}

/// A client speaking HTTP/2 to `base_url`, whose backoff could never fit its
/// retry budget: any retry it makes is one made without waiting.
fn h2_client(base_url: &str, attempts: u32) -> Webex {
    let http = webex_calling::http_client_builder(base_url)
        .expect("a builder")
        .http2_prior_knowledge()
        .build()
        .expect("a client");
    let policy = RetryPolicy::default()
        .max_attempts(attempts)
        .backoff(Duration::from_secs(3600), Duration::from_secs(3600))
        .max_elapsed(Duration::from_secs(600));
    Webex::builder()
        .token(TOKEN)
        .base_url(base_url)
        .http_client(http)
        .retry_policy(policy)
        .build()
        .expect("client builds")
}

/// Reads through a server refusing as `refusal` says, `refused` times in
/// all, and checks that the call succeeded with one retry per refusal.
async fn read_through(refusal: Refusal, refused: usize) {
    let (base_url, requests) = h2_server(refusal).await;
    let webex = h2_client(&base_url, 5);
    let settings = webex
        .person(PERSON)
        .barge_in()
        .get()
        .await
        .expect("answered after the refusals");
    assert!(settings.enabled);
    let sent = refused + 1;
    assert_eq!(
        requests.load(Ordering::SeqCst),
        sent,
        "requests the server saw"
    );
    // The library's retries, not the HTTP stack's: one policy governs them.
    let stats = webex.stats();
    assert_eq!(
        (stats.requests, stats.retries),
        (sent as u64, refused as u64),
        "{stats:?}"
    );
}

#[tokio::test]
async fn a_stream_the_server_refused_is_sent_again_at_once() {
    read_through(Refusal::Streams(2), 2).await;
}

#[tokio::test]
async fn a_request_a_graceful_shutdown_refused_is_sent_again_at_once() {
    // On a new connection: the refusing one is closing.
    read_through(Refusal::GoAway, 1).await;
}

#[tokio::test]
async fn refusals_still_end_at_the_attempt_limit() {
    let (base_url, streams) = h2_server(Refusal::Streams(usize::MAX)).await;
    let error = h2_client(&base_url, 3)
        .person(PERSON)
        .barge_in()
        .get()
        .await
        .expect_err("refused every time");
    assert!(
        matches!(error, webex_calling::Error::Transport { .. }),
        "{error:?}"
    );
    assert_eq!(streams.load(Ordering::SeqCst), 3, "one stream per attempt");
}

/// Set in the child process that [`a_loopback_base_url_never_goes_through_a_proxy`] starts.
const PROXY_CHILD: &str = "WEBEX_CALLING_TEST_PROXY_CHILD";

/// A fake proxy on loopback: records the first line of every connection
/// (`GET http://…` or `CONNECT host:443`), then hangs up.
fn fake_proxy() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::BufRead;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = std::io::BufReader::new(&stream).read_line(&mut line);
            log.lock()
                .expect("proxy log")
                .push(line.trim_end().to_owned());
        }
    });
    (url, seen)
}

#[test]
fn a_loopback_base_url_never_goes_through_a_proxy() {
    // The proxy variables are set only in a child process, since changing the
    // environment of this multi-threaded test process would race.
    let (proxy, seen) = fake_proxy();
    let output = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "proxy_child", "--nocapture", "--include-ignored"])
        .env(PROXY_CHILD, "1")
        .env("HTTP_PROXY", &proxy)
        .env("HTTPS_PROXY", &proxy)
        .env("ALL_PROXY", &proxy)
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("all_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen = seen.lock().expect("proxy log").clone();
    // Only the two https calls, each as a tunnel that carries no token in clear.
    assert_eq!(
        seen, ["CONNECT webexapis.invalid:443 HTTP/1.1"; 2],
        "what the proxy received"
    );
}

/// The child half of [`a_loopback_base_url_never_goes_through_a_proxy`]; does
/// nothing unless started by it.
#[tokio::test]
#[ignore = "run by a_loopback_base_url_never_goes_through_a_proxy in a child process"]
async fn proxy_child() {
    if std::env::var_os(PROXY_CHILD).is_none() {
        return;
    }
    let server = Scripted::start(|_, method, _| Reply::ok(method)).await;
    // The library's own client, and one from its builder, reach the loopback
    // server directly (through the proxy, which hangs up, they would fail).
    server
        .client(RetryPolicy::none())
        .person(PERSON)
        .barge_in()
        .get()
        .await
        .expect("direct to loopback");
    let http = webex_calling::http_client_builder(&server.uri())
        .expect("a builder")
        .build()
        .expect("a client");
    Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .http_client(http)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
        .person(PERSON)
        .barge_in()
        .get()
        .await
        .expect("direct to loopback");
    assert_eq!(server.count(), 2);

    // An https base URL still uses the proxy, through both kinds of client.
    let remote = "https://webexapis.invalid/v1";
    let http = webex_calling::http_client_builder(remote)
        .expect("a builder")
        .build()
        .expect("a client");
    let through_builder = Webex::builder()
        .token(TOKEN)
        .base_url(remote)
        .http_client(http)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    for webex in [client_for(remote), through_builder] {
        let error = webex.person(PERSON).barge_in().get().await;
        assert!(error.is_err(), "the fake proxy hangs up");
    }
}
