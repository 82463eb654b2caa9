//! Every change can be undone (issue 18): `set` and `apply` write the
//! before-state of each target to an undo journal before its update is sent,
//! applying the journal restores the organization, and `apply --dry-run
//! --detailed-exitcode` is a drift check. Through the binary, against the mock.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{Mock, ndjson};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// 1,000 targets with barge-in: people, workspaces and virtual lines.
fn organization(latency: Option<Duration>) -> Mock {
    Mock::start(|b| {
        let b = b.people(800).workspaces(300).virtual_lines(120);
        match latency {
            Some(latency) => b.latency(latency),
            None => b,
        }
    })
}

/// Every target's barge-in settings, by id.
fn snapshot(mock: &Mock, dir: &Path) -> BTreeMap<String, Value> {
    let out = mock
        .wxc()
        .current_dir(dir)
        .args(["barge-in", "get", "--all", "-o", "ndjson"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = ndjson(&out);
    records
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r["settings"].clone()))
        .collect()
}

/// The undo file a run wrote in `dir`.
fn undo_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("wxc-undo-")
        })
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.into_iter().next().unwrap()
}

#[test]
fn applying_the_journal_of_a_faulty_set_all_restores_every_target() {
    let mock = organization(None);
    let dir = tempfile::tempdir().unwrap();
    let before = snapshot(&mock, dir.path());
    assert!(before.len() >= 1000, "{}", before.len());
    // Faults on chosen targets: a 503 and a 502 (retried to success), and a
    // 500 (not retried: that target fails and is not changed).
    let ids: Vec<&String> = before.keys().collect();
    for (n, id) in ids.iter().enumerate() {
        match n % 10 {
            1 => mock.server.fail_next(id, 503, 1, Some("0")),
            2 => mock.server.fail_next(id, 502, 1, None),
            3 => mock.server.fail_next(id, 500, 1, None),
            _ => {}
        }
    }
    let output = mock
        .wxc()
        .current_dir(dir.path())
        .args([
            "barge-in",
            "set",
            "--all",
            "--yes",
            "--enabled",
            "true",
            "--tone-enabled",
            "true",
        ])
        .args(["-o", "ndjson"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let records = ndjson(&output.stdout);
    let changed = records.iter().filter(|r| r["outcome"] == "changed").count();
    let failed = records.iter().filter(|r| r["outcome"] == "failed").count();
    assert!(changed > 500, "{changed}");
    assert_eq!(failed, ids.len().div_ceil(10), "the 500s fail");
    let undo = undo_file(dir.path());
    let name = undo.file_name().unwrap().to_string_lossy().into_owned();
    // The printed command acts where the run did: on this server.
    let undo_command = format!(
        "undo with: wxc --base-url {} barge-in apply ./",
        mock.server.base_url()
    );
    assert!(stderr.contains(&undo_command), "{stderr}");
    assert!(stderr.contains(&name), "{stderr}");
    assert_ne!(snapshot(&mock, dir.path()), before);

    std::fs::rename(&undo, dir.path().join("first-undo.ndjson")).unwrap();
    let output = mock
        .wxc()
        .current_dir(dir.path())
        .args(["barge-in", "apply", "first-undo.ndjson", "-o", "ndjson"])
        .assert()
        .success()
        .get_output()
        .clone();
    let undone = ndjson(&output.stdout);
    assert_eq!(
        undone.iter().filter(|r| r["outcome"] == "changed").count(),
        changed,
        "exactly the changed targets are changed back"
    );
    assert_eq!(snapshot(&mock, dir.path()), before);
    // The undo wrote its own journal: undoing the undo redoes the change.
    let redo = undo_file(dir.path());
    mock.wxc()
        .current_dir(dir.path())
        .arg("barge-in")
        .arg("apply")
        .arg(&redo)
        .assert()
        .success();
    let redone = snapshot(&mock, dir.path());
    assert!(
        redone
            .values()
            .filter(|s| s["enabled"] == true && s["toneEnabled"] == true)
            .count()
            >= changed
    );
}

#[cfg(unix)]
#[test]
fn the_journal_of_a_killed_run_holds_every_change_that_may_have_been_sent() {
    use std::process::Stdio;
    let mock = organization(Some(Duration::from_millis(20)));
    let dir = tempfile::tempdir().unwrap();
    let before = snapshot(&mock, dir.path());
    mock.server.clear_request_log();
    let mut child = mock
        .process(dir.path())
        .args(["-q", "--concurrency", "16"])
        .args([
            "barge-in",
            "set",
            "--all",
            "--yes",
            "--enabled",
            "false",
            "--tone-enabled",
            "false",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once changes are reaching the server (its log is the signal),
    // somewhere in the middle of the run.
    let mut polls = 0;
    while mock
        .server
        .request_log()
        .iter()
        .filter(|r| r.method == "PUT")
        .count()
        < 50
    {
        polls += 1;
        assert!(polls < 40_000, "wxc never sent its changes");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let changed_on_server: Vec<String> = mock
        .server
        .request_log()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .filter_map(|r| r.id)
        .collect();
    assert!(!changed_on_server.is_empty());
    let undo = undo_file(dir.path());
    let journal = std::fs::read_to_string(&undo).unwrap();
    for id in &changed_on_server {
        assert!(
            journal.contains(id.as_str()),
            "{id} was changed but is not in the journal"
        );
    }
    std::fs::rename(&undo, dir.path().join("undo.ndjson")).unwrap();
    mock.wxc()
        .current_dir(dir.path())
        .args(["barge-in", "apply", "undo.ndjson"])
        .assert()
        .success();
    assert_eq!(snapshot(&mock, dir.path()), before);
}

#[test]
fn a_drift_check_exits_0_when_nothing_would_change_and_3_when_something_would() {
    let mock = Mock::start(|b| b.people(20));
    let dir = tempfile::tempdir().unwrap();
    let approved = mock
        .wxc()
        .current_dir(dir.path())
        .args(["barge-in", "get", "--all", "-o", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(dir.path().join("approved.csv"), approved).unwrap();
    let check = |code: i32| {
        mock.wxc()
            .current_dir(dir.path())
            .args([
                "barge-in",
                "apply",
                "approved.csv",
                "--dry-run",
                "--detailed-exitcode",
            ])
            .assert()
            .code(code);
    };
    check(0);
    let person = &mock.server.people_ids()[4];
    mock.wxc()
        .current_dir(dir.path())
        .args([
            "barge-in",
            "set",
            person,
            "--enabled",
            "true",
            "--tone-enabled",
            "true",
            "--no-undo",
        ])
        .assert()
        .success();
    // Unless the person already had both on; then turn one off.
    let drifted = mock
        .wxc()
        .current_dir(dir.path())
        .args([
            "barge-in",
            "apply",
            "approved.csv",
            "--dry-run",
            "--detailed-exitcode",
        ])
        .assert()
        .get_output()
        .status
        .code();
    if drifted == Some(0) {
        mock.wxc()
            .current_dir(dir.path())
            .args(["barge-in", "set", person, "--enabled", "false", "--no-undo"])
            .assert()
            .success();
    }
    check(3);
    // A usage error is 2.
    mock.wxc()
        .current_dir(dir.path())
        .args(["barge-in", "apply", "approved.csv", "--detailed-exitcode"])
        .assert()
        .code(2);
    assert!(!dir.path().read_dir().unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("wxc-undo-")
    }));
}
