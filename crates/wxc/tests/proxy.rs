//! A loopback base URL never goes through a proxy (the token would travel to
//! it in clear text), whatever HTTP_PROXY says.
#![allow(clippy::expect_used)]

use std::io::BufRead;
use std::process::Command;
use std::sync::{Arc, Mutex};
use webex_calling_mock::seed_examples::PERSON_ID;

/// A fake proxy on loopback: records the first line of every connection, then
/// hangs up (so a proxied request fails).
fn fake_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
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
fn the_mock_on_loopback_is_reached_directly_despite_http_proxy() {
    let (proxy, seen) = fake_proxy();
    // The environment is set for the child only; this process's stays untouched.
    let output = Command::new(env!("CARGO_BIN_EXE_wxc"))
        .args(["--mock", "-q", "barge-in", "get", PERSON_ID])
        .env("HTTP_PROXY", &proxy)
        .env("ALL_PROXY", &proxy)
        .env_remove("http_proxy")
        .env_remove("all_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("WEBEX_ACCESS_TOKEN")
        .env_remove("WEBEX_BASE_URL")
        .output()
        .expect("run wxc");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        seen.lock().expect("proxy log").as_slice(),
        [] as [String; 0],
        "the proxy received a request"
    );
}
