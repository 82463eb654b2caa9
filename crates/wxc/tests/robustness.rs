//! Nothing lost: every input id ends in the output, the resume file or an
//! error that names it, whatever happens to the output or the server.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{Mock, TOKEN, changed_on_server, listed, named_changes, ndjson, wxc};
use std::collections::BTreeSet;

/// The count before `label` in the summary line (`12 changed`), which must
/// be there.
fn summary_count(stderr: &str, label: &str) -> usize {
    stderr
        .lines()
        .filter(|line| line.contains(" ids in ") || line.contains(" id in "))
        .flat_map(|line| line.split([',', ';', ':']))
        .find_map(
            |part| match part.split_whitespace().collect::<Vec<_>>()[..] {
                [n, word] if word == label => n.parse().ok(),
                _ => None,
            },
        )
        .unwrap_or_else(|| panic!("no {label:?} count in the summary: {stderr}"))
}

/// A directory for a run, holding `ids` one per line in `ids.txt`.
fn ids_file(ids: &[String]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ids.txt");
    std::fs::write(&file, ids.join("\n")).unwrap();
    (dir, file)
}

/// Runs `command` with its stdout a pipe closed after the first line, like
/// `| head -n 1`: that line, and the run's exit status and stderr.
#[cfg(unix)]
fn first_line_then_closed(command: &mut std::process::Command) -> (String, std::process::Output) {
    use std::io::{BufRead, BufReader};
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    // The reader is dropped at the end of the statement: the pipe closes.
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    (first, child.wait_with_output().unwrap())
}

/// `wxc -q --ids-from <the mock's people> barge-in set <args> -o ndjson`
/// with stdout on `/dev/full`: the people, the run's directory and output.
#[cfg(target_os = "linux")]
fn set_onto_a_full_disk(
    people: usize,
    args: &[&str],
) -> (Vec<String>, tempfile::TempDir, std::process::Output) {
    let mock = Mock::start(|b| b.people(people).request_log(false));
    let people = mock.server.people_ids();
    let (dir, ids_file) = ids_file(&people);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = mock
        .process(dir.path())
        .arg("-q")
        .args(["--ids-from", ids_file.to_str().unwrap(), "barge-in", "set"])
        .args(args)
        .args(["-o", "ndjson"])
        .stdout(full)
        .output()
        .unwrap();
    (people, dir, output)
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_loses_no_id_and_names_every_change() {
    let (people, dir, output) = set_onto_a_full_disk(3000, &["--enabled", "true"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write the output"), "{stderr}");
    let resumable = listed(dir.path(), "unprocessed");
    // Nothing reached stdout: every id changed on the server before the stop
    // is named on stderr, and every other id is in the resume file, each in
    // exactly one of them.
    let named = named_changes(&stderr);
    assert_eq!(named.len(), summary_count(&stderr, "changed"), "{stderr}");
    assert!(named.is_disjoint(&resumable), "{stderr}");
    let all: BTreeSet<String> = people.iter().cloned().collect();
    let accounted: BTreeSet<String> = named.union(&resumable).cloned().collect();
    assert_eq!(accounted, all, "{stderr}");
}

#[test]
#[cfg(target_os = "linux")]
fn a_dry_run_on_a_full_disk_counts_no_change_it_could_not_report() {
    let args = ["--dry-run", "--enabled", "true", "--tone-enabled", "false"];
    let (people, dir, output) = set_onto_a_full_disk(500, &args);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let resumable = listed(dir.path(), "unprocessed");
    assert_eq!(resumable.len(), people.len(), "{stderr}");
    // No record reached the output, so the summary counts none of them,
    // nor the fields of their would-be changes.
    assert!(
        stderr
            .contains(": 0 changed, 0 would change, 0 unchanged, 0 fields would change, 0 failed;"),
        "{stderr}"
    );
}

#[test]
#[cfg(unix)]
fn a_closed_pipe_resumes_every_id_not_written() {
    // Slow answers, so the reader closes long before the run could end.
    let mock = Mock::start(|b| {
        b.people(600)
            .request_log(false)
            .latency(std::time::Duration::from_millis(50))
    });
    let people = mock.server.people_ids();
    let (dir, ids_file) = ids_file(&people);
    let (first, output) = first_line_then_closed(
        mock.process(dir.path())
            .args(["-q", "--concurrency", "4"])
            .args(["--ids-from", ids_file.to_str().unwrap(), "barge-in", "get"])
            .args(["-o", "ndjson"]),
    );
    assert!(first.contains("\"outcome\":\"ok\""), "{first}");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the output was closed"), "{stderr}");
    // Every id is either counted as written to the pipe or in the resume
    // file, never both.
    let resumable = listed(dir.path(), "unprocessed");
    let ok = summary_count(&stderr, "ok");
    assert!(!resumable.is_empty(), "{stderr}");
    assert!(resumable.iter().all(|id| people.contains(id)));
    assert_eq!(ok + resumable.len(), people.len(), "{stderr}");
}

#[test]
#[cfg(unix)]
fn a_closed_pipe_during_set_names_each_change_it_could_not_write_and_resumes_only_the_rest() {
    let mock = Mock::start(|b| {
        b.people(300)
            .request_log(false)
            .latency(std::time::Duration::from_millis(20))
    });
    let people = mock.server.people_ids();
    let (dir, ids_file) = ids_file(&people);
    let set = |enabled: &str, concurrency: &str| {
        mock.barge_in_set(dir.path(), &ids_file, concurrency, enabled, "ndjson")
    };
    // Every target off first, so that each record of the run below is a change.
    let off = set("false", "64").output().unwrap();
    assert_eq!(off.status.code(), Some(0), "{off:?}");
    let (first, output) = first_line_then_closed(&mut set("true", "4"));
    assert!(first.contains("\"outcome\":\"changed\""), "{first}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the output was closed"), "{stderr}");
    let named = named_changes(&stderr);
    // The change the failed write carried, at least, is named...
    assert!(!named.is_empty(), "{stderr}");
    // ... and not resumed as well: each id has exactly one outcome.
    let resumable = listed(dir.path(), "unprocessed");
    assert!(named.is_disjoint(&resumable), "{stderr}");
    // "N changed" counts the named changes too; the others reached the pipe.
    let changed = summary_count(&stderr, "changed");
    assert_eq!(changed + resumable.len(), people.len(), "{stderr}");
}

#[test]
#[cfg(unix)]
fn a_closed_pipe_during_set_reports_every_change_the_server_made() {
    // No latency and many in flight: when the pipe closes, answers of
    // updates the server has made are on their way, and must be reported.
    let mock = Mock::start(|b| b.people(2000));
    let people = mock.server.people_ids();
    let (dir, ids_file) = ids_file(&people);
    let set = |enabled: &str| mock.barge_in_set(dir.path(), &ids_file, "64", enabled, "ndjson");
    let off = set("false").output().unwrap();
    assert_eq!(off.status.code(), Some(0), "{off:?}");
    mock.server.clear_request_log();
    let (_first, output) = first_line_then_closed(&mut set("true"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the output was closed"), "{stderr}");
    // What the server changed, by its own log.
    let made = changed_on_server(&mock.server);
    let resumable = listed(dir.path(), "unprocessed");
    let resumed_yet_made: Vec<&String> = made.intersection(&resumable).collect();
    assert!(
        resumed_yet_made.is_empty(),
        "{} ids changed on the server were filed as not processed: {stderr}",
        resumed_yet_made.len()
    );
    assert_eq!(summary_count(&stderr, "changed"), made.len(), "{stderr}");
    assert_eq!(made.len() + resumable.len(), people.len(), "{stderr}");
}

#[test]
fn a_dead_server_stops_the_run_soon_with_every_id_accounted_for() {
    // A port nobody listens on: every request is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    drop(listener);
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..500)
        .map(|n| format!("Y2lzY29zcGFyazovL3VzL1BFT1BMRS8{n:06}"))
        .collect();
    let output = wxc()
        .current_dir(dir.path())
        .env("WEBEX_ACCESS_TOKEN", TOKEN)
        .args([
            "--base-url",
            &base_url,
            "-q",
            "--ids-from",
            "-",
            "barge-in",
            "get",
            "--kind",
            "person",
            "-o",
            "ndjson",
        ])
        .write_stdin(ids.join("\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no answer"), "{stderr}");
    let records = ndjson(&output.stdout);
    assert!(
        records.len() < ids.len(),
        "the run stopped early: {}",
        records.len()
    );
    let written: BTreeSet<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let resumable = listed(dir.path(), "unprocessed");
    assert!(written.is_disjoint(&resumable));
    let accounted: BTreeSet<String> = written.union(&resumable).cloned().collect();
    assert_eq!(accounted, ids.into_iter().collect(), "{stderr}");
    // The failed ones are listed for a re-run too.
    assert_eq!(listed(dir.path(), "failed"), written);
}

#[test]
fn failed_ids_are_listed_with_the_command_that_reruns_them() {
    let mock = Mock::start(|b| b.people(6));
    let people = mock.server.people_ids();
    mock.server.fail_next(&people[1], 404, 1, None);
    mock.server.fail_next(&people[4], 409, 1, None);
    let dir = tempfile::tempdir().unwrap();
    let output = mock
        .wxc()
        .current_dir(dir.path())
        .args(["--ids-from", "-", "barge-in", "get"])
        .write_stdin(people.join("\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("re-run them with: wxc --ids-from"),
        "{stderr}"
    );
    let failed = listed(dir.path(), "failed");
    assert_eq!(
        failed,
        BTreeSet::from([people[1].clone(), people[4].clone()])
    );
    // The re-run works on the file as given.
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("wxc-failed-"))
        .unwrap();
    let rerun = mock
        .wxc()
        .current_dir(dir.path())
        .args(["--ids-from", file.to_str().unwrap(), "barge-in", "get"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(ndjson(&rerun).len(), 2);
}

#[test]
#[cfg(unix)]
fn ids_from_a_pipe_are_read_once_and_all_processed() {
    let mock = Mock::start(|b| b.people(40));
    let people = mock.server.people_ids();
    // `--ids-from /dev/stdin` reads a pipe by path, as `<(cmd)` does.
    let out = mock
        .wxc()
        .args(["--ids-from", "/dev/stdin", "barge-in", "get"])
        .write_stdin(people.join("\n"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(ndjson(&out).len(), people.len());
}

#[test]
fn a_huge_line_is_one_short_invalid_record() {
    let mock = Mock::start(|b| b.people(2));
    let people = mock.server.people_ids();
    let input = format!("{}\n{}\n{}\n", people[0], "A".repeat(2_000_000), people[1]);
    let out = mock
        .wxc()
        .args(["--ids-from", "-", "barge-in", "get"])
        .write_stdin(input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let records = ndjson(&out);
    assert_eq!(records.len(), 3);
    let bad = records.iter().find(|r| r["outcome"] == "failed").unwrap();
    assert_eq!(bad["error"]["kind"], "invalid-input");
    assert!(bad["id"].as_str().unwrap().len() < 5000);
    assert!(bad["id"].as_str().unwrap().ends_with("(2000000 bytes)"));
}

#[test]
fn a_closed_stderr_is_not_a_panic() {
    let mock = Mock::start(|b| b.people(50));
    let people = mock.server.people_ids();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wxc"))
        .env("WEBEX_ACCESS_TOKEN", TOKEN)
        .args([
            "--base-url",
            &mock.server.base_url(),
            "--ids-from",
            "-",
            "barge-in",
            "get",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close stderr's reading end before wxc writes its summary.
    drop(child.stderr.take());
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(people.join("\n").as_bytes()).unwrap();
    }
    let status = child.wait().unwrap();
    assert_ne!(status.code(), Some(101), "wxc panicked");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn terminal_escapes_and_spreadsheet_formulas_are_defused() {
    let mock = Mock::start(|b| b);
    let evil = "\u{1b}]0;owned\u{7}\u{1b}[31mred";
    let out = mock
        .wxc()
        .args(["--ids-from", "-", "-o", "table", "barge-in", "get"])
        .write_stdin(format!("{evil}\n=HYPERLINK(1)\n"))
        .assert()
        .code(1)
        .get_output()
        .clone();
    let table = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!table.contains('\u{1b}'), "raw ESC in the table: {table:?}");
    assert!(table.contains("\\u{1b}"), "{table}");
    assert!(!stderr.contains('\u{1b}'), "raw ESC on stderr: {stderr:?}");
    let csv = mock
        .wxc()
        .args(["--ids-from", "-", "-o", "csv", "barge-in", "get"])
        .write_stdin("=HYPERLINK(1)\n+SUM(A1)\n")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("'=HYPERLINK(1)"), "{csv}");
    assert!(csv.contains("'+SUM(A1)"), "{csv}");
    assert!(
        !csv.lines()
            .any(|l| l.starts_with('=') || l.starts_with('+')),
        "{csv}"
    );
}

#[test]
fn a_server_asking_for_day_long_waits_stops_the_run_with_every_id_accounted_for() {
    // Every request is answered 429 with `Retry-After: 100000` (27 hours).
    // More ids than the limit's start (104), so the stop leaves some unsent.
    let mock = Mock::start(|b| {
        b.people(400).request_log(false).storm(
            0,
            std::time::Duration::from_secs(1_000_000),
            100_000,
        )
    });
    let ids: Vec<String> = mock.server.people_ids().into_iter().take(300).collect();
    assert_eq!(ids.len(), 300);
    let (dir, ids_file) = ids_file(&ids);
    // Without -q, so the warnings show as a user sees them.
    let output = mock
        .process(dir.path())
        .args(["--ids-from", ids_file.to_str().unwrap()])
        .args(["barge-in", "get", "-o", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Retry-After: 100000 s"), "{stderr}");
    assert!(stderr.contains("stopped because"), "{stderr}");
    assert!(!stderr.contains("not waiting"), "{stderr}");
    // The library's warning, in wxc's voice (no -v), with the waits in
    // words and no Rust names an administrator cannot act on.
    assert!(
        stderr.contains("wxc: warning: the server asks to wait 27 h 46 min"),
        "{stderr}"
    );
    assert!(stderr.contains("longer than the 60 s"), "{stderr}");
    assert!(!stderr.contains("RetryPolicy"), "{stderr}");
    // No grace period for requests that wait on the stalled server: they
    // are resumed at once, not given up on after one.
    assert!(!stderr.contains("gave up waiting"), "{stderr}");
    let records = ndjson(&output.stdout);
    let written: BTreeSet<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(written.len(), records.len(), "an id written twice");
    let resumable = listed(dir.path(), "unprocessed");
    assert!(written.is_disjoint(&resumable));
    let accounted: BTreeSet<String> = written.union(&resumable).cloned().collect();
    assert_eq!(accounted, ids.into_iter().collect(), "{stderr}");
    assert!(!resumable.is_empty(), "the run stopped early: {stderr}");
}
