//! The `webex-calling-mock` binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use webex_calling_mock::{MockServer, seed_examples};

const BIN: &str = env!("CARGO_BIN_EXE_webex-calling-mock");

/// Kills the child when the test ends, even on failure.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn prints_listening_line_first_and_serves() {
    let mut child = Child(
        Command::new(BIN)
            .args([
                "--people",
                "3",
                "--token",
                "t1",
                "--token",
                "t2",
                "--read-only-token",
                "ro",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let base = line
        .trim_end()
        .strip_prefix("listening on ")
        .expect(&line)
        .to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/v1"),
        "{base}"
    );
    let url = format!(
        "{base}/people/{}/features/bargeIn?orgId={}",
        seed_examples::PERSON_ID,
        seed_examples::ORG_ID
    );
    let client = reqwest::Client::new();
    let resp = client.get(&url).bearer_auth("t2").send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"enabled": true, "toneEnabled": true})
    );
    assert_eq!(
        client
            .get(&url)
            .bearer_auth("other")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let put = client
        .put(&url)
        .bearer_auth("ro")
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 403);

    // SIGTERM stops it cleanly.
    let pid = child.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let exit = tokio::task::spawn_blocking(move || {
        let mut child = child;
        child.0.wait().unwrap()
    })
    .await
    .unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn print_ids_matches_the_library() {
    let out = Command::new(BIN)
        .args(["--people", "20", "--seed", "9", "--print-ids", "people"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    // Exactly the people with Webex Calling: those a calling listing shows.
    let builder = MockServer::builder().people(20).seed(9);
    assert_eq!(printed, builder.calling_people_ids());
    assert!(printed.len() < builder.people_ids().len());
    assert_eq!(printed[0], seed_examples::PERSON_ID);

    let out = Command::new(BIN)
        .args(["--virtual-lines", "2", "--print-ids", "virtual-lines"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(printed.len(), 3);
    assert_eq!(printed[0], seed_examples::VIRTUAL_LINE_ID);
}

#[test]
fn bad_flags_exit_2_with_a_message() {
    for args in [
        vec!["--fail-rate", "1.5"],
        vec!["--rate-limit", "0"],
        vec!["--rate-limit", "fast"],
        vec!["--rate-limit", "1e-30"],
        vec!["--rate-limit", "NaN"],
        vec!["--rate-limit", "inf"],
        vec!["--latency-ms", "99999999999"],
        vec!["--locations", "0"],
        vec!["--error-shape", "xml"],
        vec!["--bind", "not-an-address"],
        vec!["--print-ids", "robots"],
        vec!["--no-such-flag"],
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
