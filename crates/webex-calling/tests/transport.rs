//! What the HTTP layer must refuse: runaway error bodies, redirects off the
//! API host, proxies for a loopback base URL.
// clippy.toml's allow-expect-in-tests covers #[test] functions only, not the
// helpers below.
#![allow(clippy::expect_used)]

mod common;

use common::*;
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
