//! End-to-end tests of the `wxc` binary against the mock server: either the
//! embedded one (`--mock`) or one started here, whose request log shows what
//! was actually sent.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{Mock, TOKEN, by_id, ndjson, wxc};
#[cfg(unix)]
use common::{changed_on_server, interrupt, interrupt_when, named_changes};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;
use webex_calling_mock::seed_examples::{ALICE_ID, BOB_ID, ORG_ID, PERSON_ID, VIRTUAL_LINE_ID};

/// A well-formed person id (it decodes to `ciscospark://us/PEOPLE/...`) that
/// the mock does not know.
const UNKNOWN_PERSON: &str =
    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDA0MDQ";

#[test]
fn mock_flag_reads_the_seed_person() {
    let out = wxc()
        .args(["--mock", "barge-in", "get", PERSON_ID])
        .assert()
        .success()
        .stderr(predicate::str::contains("embedded mock server"))
        .stderr(predicate::str::contains("1 ok, 0 failed"))
        .get_output()
        .stdout
        .clone();
    let records = ndjson(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], PERSON_ID);
    assert_eq!(records[0]["outcome"], "ok");
    assert_eq!(records[0]["settings"]["enabled"], true);
    assert_eq!(records[0]["settings"]["toneEnabled"], true);
}

#[test]
fn push_to_talk_get_in_every_format() {
    let run = |format: &str| {
        let out = wxc()
            .args([
                "--mock",
                "-q",
                "push-to-talk",
                "get",
                VIRTUAL_LINE_ID,
                "--output",
                format,
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };

    let line = &ndjson(run("ndjson").as_bytes())[0];
    assert_eq!(line["settings"]["connectionType"], "ONE_WAY");
    assert_eq!(line["settings"]["members"][0]["id"], ALICE_ID);
    // Seed 2's 12-digit number passes through untouched.
    assert_eq!(
        line["settings"]["members"][1]["numbers"][0]["external"],
        "+198455501099"
    );

    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["settings"]["accessType"], "ALLOW_MEMBERS");

    let csv = run("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,kind,outcome,allow_auto_answer,connection_type,access_type,members,status,error_kind,message,tracking_id"
    );
    assert_eq!(
        lines.next().unwrap(),
        format!(
            "{VIRTUAL_LINE_ID},virtual-line,ok,true,ONE_WAY,ALLOW_MEMBERS,{ALICE_ID};{BOB_ID},,,,"
        )
    );
    assert!(lines.next().is_none());

    let table = run("table");
    assert!(table.contains("Alice Little, Bob Johnson"), "{table}");
    assert!(table.contains("ONE_WAY"), "{table}");
}

#[test]
fn barge_in_get_in_csv_and_table_with_a_failure() {
    let out = wxc()
        .args([
            "--mock",
            "-q",
            "-o",
            "csv",
            "barge-in",
            "get",
            PERSON_ID,
            UNKNOWN_PERSON,
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "id,kind,outcome,enabled,tone_enabled,status,error_kind,message,tracking_id"
    );
    assert!(
        rows.contains(&format!("{PERSON_ID},person,ok,true,true,,,,").as_str()),
        "{csv}"
    );
    let failed = rows.iter().find(|r| r.starts_with(UNKNOWN_PERSON)).unwrap();
    assert!(
        failed.starts_with(&format!("{UNKNOWN_PERSON},person,failed,,,404,not-found,")),
        "{failed}"
    );
    assert!(!failed.ends_with(','), "tracking id missing: {failed}");

    wxc()
        .args([
            "--mock",
            "-q",
            "-o",
            "table",
            "barge-in",
            "get",
            UNKNOWN_PERSON,
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("404 not-found"))
        .stdout(predicate::str::contains("tracking id"));
}

#[test]
fn unknown_id_is_a_failed_record_with_status_kind_message_and_tracking_id() {
    let out = wxc()
        .args(["--mock", "barge-in", "get", UNKNOWN_PERSON, PERSON_ID])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 ok, 1 failed"))
        .get_output()
        .stdout
        .clone();
    let records = by_id(&ndjson(&out));
    let failed = &records[UNKNOWN_PERSON];
    assert_eq!(failed["kind"], "person");
    assert_eq!(failed["outcome"], "failed");
    assert_eq!(failed["error"]["status"], 404);
    assert_eq!(failed["error"]["kind"], "not-found");
    assert!(failed["error"]["message"].as_str().unwrap().len() > 3);
    assert!(failed["error"]["tracking_id"].as_str().is_some());
    assert_eq!(records[PERSON_ID]["outcome"], "ok");
}

#[test]
fn malformed_ids_fail_without_a_request() {
    let mock = Mock::start(|b| b);
    let out = mock
        .wxc()
        .args(["--ids-from", "-", "barge-in", "get"])
        .write_stdin(format!("not/an id\n{PERSON_ID}\n"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let records = by_id(&ndjson(&out));
    assert_eq!(records["not/an id"]["error"]["kind"], "invalid-input");
    assert_eq!(records["not/an id"]["error"]["status"], Value::Null);
    assert_eq!(
        mock.server.request_log().len(),
        1,
        "only the valid id is requested"
    );
}

#[test]
fn barge_in_set_changes_only_what_differs_and_skips_unchanged() {
    let mock = Mock::start(|b| b);
    let out = mock
        .wxc()
        .args([
            "barge-in",
            "set",
            PERSON_ID,
            "--enabled",
            "false",
            "--tone-enabled",
            "true",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let record = &ndjson(&out)[0];
    assert_eq!(record["outcome"], "changed");
    assert_eq!(record["before"]["enabled"], true);
    assert_eq!(record["after"]["enabled"], false);
    // Only the changed field is sent.
    assert_eq!(record["update"], serde_json::json!({"enabled": false}));
    assert_eq!(mock.methods(), ["GET", "PUT"]);

    mock.server.clear_request_log();
    let out = mock
        .wxc()
        .args(["barge-in", "set", PERSON_ID, "--enabled", "false"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let record = &ndjson(&out)[0];
    assert_eq!(record["outcome"], "unchanged");
    assert_eq!(record["update"], Value::Null);
    assert_eq!(mock.methods(), ["GET"], "no PUT for an unchanged id");
}

#[test]
fn dry_run_shows_old_and_new_and_sends_no_put() {
    let mock = Mock::start(|b| b);
    let ids = mock.server.people_ids();
    let out = mock
        .wxc()
        .args(["--dry-run", "barge-in", "set", "--enabled", "false"])
        .args(&ids[..4])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = ndjson(&out);
    assert_eq!(records.len(), 4);
    for record in &records {
        let outcome = record["outcome"].as_str().unwrap();
        assert!(
            outcome == "would-change" || outcome == "unchanged",
            "{record}"
        );
        assert_eq!(record["after"]["enabled"], false);
        if outcome == "would-change" {
            assert_eq!(record["before"]["enabled"], true);
            assert_eq!(record["update"], serde_json::json!({"enabled": false}));
        }
    }
    assert!(records.iter().any(|r| r["outcome"] == "would-change"));
    assert!(
        mock.methods().iter().all(|m| m == "GET"),
        "{:?}",
        mock.methods()
    );

    // The table shows old -> new.
    mock.wxc()
        .args([
            "--dry-run",
            "-o",
            "table",
            "barge-in",
            "set",
            PERSON_ID,
            "--enabled",
            "false",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("true -> false"))
        .stdout(predicate::str::contains("would-change"));
    assert!(mock.methods().iter().all(|m| m == "GET"));
}

#[test]
fn push_to_talk_set_members_and_fields() {
    let mock = Mock::start(|b| b);
    let out = mock
        .wxc()
        .args([
            "push-to-talk",
            "set",
            VIRTUAL_LINE_ID,
            "--connection",
            "two-way",
            "--access",
            "block",
        ])
        .args([
            "--remove-member",
            ALICE_ID,
            "--add-member",
            PERSON_ID,
            "--auto-answer",
            "true",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let record = &ndjson(&out)[0];
    assert_eq!(record["outcome"], "changed");
    assert_eq!(
        record["update"],
        serde_json::json!({
            "accessType": "BLOCK_MEMBERS",
            "connectionType": "TWO_WAY",
            "members": [BOB_ID, PERSON_ID],
        })
    );

    // Read back: the mock now has the new state.
    let out = mock
        .wxc()
        .args(["push-to-talk", "get", VIRTUAL_LINE_ID])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let settings = &ndjson(&out)[0]["settings"];
    assert_eq!(settings["connectionType"], "TWO_WAY");
    let members: Vec<&str> = settings["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(members, [BOB_ID, PERSON_ID]);

    // --members with the same people in another order is not a change.
    mock.server.clear_request_log();
    let out = mock
        .wxc()
        .args([
            "push-to-talk",
            "set",
            VIRTUAL_LINE_ID,
            "--members",
            &format!("{PERSON_ID},{BOB_ID}"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(ndjson(&out)[0]["outcome"], "unchanged");
    assert_eq!(mock.methods(), ["GET"]);

    // --members "" clears the list.
    let out = mock
        .wxc()
        .args(["push-to-talk", "set", VIRTUAL_LINE_ID, "--members", ""])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        ndjson(&out)[0]["update"],
        serde_json::json!({"members": []})
    );
}

#[test]
fn ids_from_a_file_skip_blanks_and_comments_and_process_duplicates_once() {
    let mock = Mock::start(|b| b);
    let ids = mock.server.people_ids();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ids.txt");
    let text = format!(
        "# people to audit\n{}\n\n   \n{}\r\n# {}\n{}\n{}\n",
        ids[0], ids[1], ids[2], ids[0], ids[3]
    );
    std::fs::write(&file, text).unwrap();
    let output = wxc()
        .args(["--base-url", &mock.server.base_url(), "--token", TOKEN])
        .args(["barge-in", "get", "--ids-from"])
        .arg(&file)
        .arg(&ids[1]) // also given as an argument: a duplicate too
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("duplicate id {}", ids[0])))
        .stderr(predicate::str::contains("2 duplicates skipped"))
        .get_output()
        .clone();
    let records = by_id(&ndjson(&output.stdout));
    let expected: HashSet<&String> = [&ids[0], &ids[1], &ids[3]].into_iter().collect();
    assert_eq!(records.keys().collect::<HashSet<_>>(), expected);
    assert_eq!(mock.server.request_log().len(), 3);
}

#[test]
fn ids_from_stdin() {
    let mock = Mock::start(|b| b);
    let ids = mock.server.virtual_line_ids();
    let input = format!("{}\n# comment\n\n{}\n{}\n", ids[0], ids[1], ids[0]);
    let out = mock
        .wxc()
        .args(["push-to-talk", "get", "--ids-from", "-", "--output", "json"])
        .write_stdin(input)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 duplicate skipped"))
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    let got: HashSet<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        got,
        [ids[0].as_str(), ids[1].as_str()].into_iter().collect()
    );
}

#[test]
fn empty_input_gives_an_empty_json_array() {
    wxc()
        .args([
            "--mock",
            "-q",
            "-o",
            "json",
            "barge-in",
            "get",
            "--ids-from",
            "-",
        ])
        .write_stdin("# nothing\n\n")
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn bulk_with_injected_faults_yields_every_id_exactly_once() {
    let mock = Mock::start(|b| b.people(150).seed(7).fail_rate(0.1));
    let ids = mock.server.people_ids();
    // Deterministic faults on top of the random ones: retried to success,
    // a non-retryable failure, and a dropped connection.
    mock.server.fail_next(&ids[0], 503, 2, Some("0"));
    mock.server.fail_next(&ids[1], 409, 1, None);
    mock.server.drop_next(&ids[2], 1);
    let input: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let output = mock
        .wxc()
        .args([
            "--concurrency",
            "32",
            "--ids-from",
            "-",
            "barge-in",
            "get",
            "-o",
            "ndjson",
        ])
        .write_stdin(input)
        .assert()
        .get_output()
        .clone();
    let records = by_id(&ndjson(&output.stdout));
    assert_eq!(records.len(), ids.len());
    assert_eq!(
        records.keys().collect::<HashSet<_>>(),
        ids.iter().collect::<HashSet<_>>()
    );
    // The forced faults decide these outcomes, except that a random 500
    // (never retried) may still hit the attempt after the forced ones.
    let ok_or_random_500 = |record: &Value| {
        record["outcome"] == "ok"
            || (record["outcome"] == "failed" && record["error"]["status"] == 500)
    };
    assert!(ok_or_random_500(&records[&ids[0]]), "{}", records[&ids[0]]);
    assert_eq!(records[&ids[1]]["outcome"], "failed");
    assert_eq!(records[&ids[1]]["error"]["status"], 409);
    assert!(ok_or_random_500(&records[&ids[2]]), "{}", records[&ids[2]]);
    // Only 500s, which are not retried, can fail an id besides the forced 409.
    for (id, record) in &records {
        if id != &ids[1] && record["outcome"] == "failed" {
            assert_eq!(record["error"]["status"], 500, "{record}");
        }
    }
    let failed = records
        .values()
        .filter(|r| r["outcome"] == "failed")
        .count();
    assert_eq!(output.status.code(), Some(if failed > 0 { 1 } else { 0 }));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{} ok, {failed} failed", ids.len() - failed)),
        "{stderr}"
    );
}

#[test]
fn no_token_is_a_usage_error_that_says_how_to_set_one() {
    wxc()
        .args(["barge-in", "get", PERSON_ID])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("WEBEX_ACCESS_TOKEN"))
        .stderr(predicate::str::contains("--token"));
}

#[test]
fn usage_errors_exit_2() {
    let members_with_a_gap = format!("{PERSON_ID},,{ALICE_ID}");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--mock", "barge-in", "set", PERSON_ID],
            "nothing to change",
        ),
        (
            vec!["--mock", "push-to-talk", "set", VIRTUAL_LINE_ID],
            "nothing to change",
        ),
        (vec!["--mock", "barge-in", "get"], "no ids given"),
        (
            vec![
                "--mock",
                "--ids-from",
                "/nonexistent/ids.txt",
                "barge-in",
                "get",
            ],
            "cannot read ids",
        ),
        (
            vec![
                "--mock",
                "--concurrency",
                "-1",
                "barge-in",
                "get",
                PERSON_ID,
            ],
            "invalid value '-1' for '--concurrency",
        ),
        (
            vec!["--mock", "--ids-from", "/", "barge-in", "get"],
            "cannot read ids from /: it is a directory",
        ),
        (
            vec!["--mock", "--dry-run", "barge-in", "get", PERSON_ID],
            "--dry-run",
        ),
        (
            vec![
                "--mock",
                "--base-url",
                "http://localhost:1/v1",
                "barge-in",
                "get",
                PERSON_ID,
            ],
            "--mock",
        ),
        (
            vec![
                "--mock",
                "push-to-talk",
                "set",
                VIRTUAL_LINE_ID,
                "--members",
                "a b",
            ],
            "--members",
        ),
        (
            vec![
                "--mock",
                "push-to-talk",
                "set",
                VIRTUAL_LINE_ID,
                "--add-member",
                PERSON_ID,
                "--remove-member",
                PERSON_ID,
            ],
            "both",
        ),
        // A member id that decodes to no target: refused before sending,
        // naming the member, not reported as the target's 404 after.
        (
            vec![
                "--mock",
                "push-to-talk",
                "set",
                VIRTUAL_LINE_ID,
                "--add-member",
                "notanid",
            ],
            "member \"notanid\"",
        ),
        (
            vec![
                "--mock",
                "push-to-talk",
                "set",
                VIRTUAL_LINE_ID,
                "--members",
                &members_with_a_gap,
            ],
            "entry 2 is empty",
        ),
        (
            vec!["--mock", "--org", "bad org", "barge-in", "get", PERSON_ID],
            "--org",
        ),
        (
            vec![
                "--token",
                "t",
                "--base-url",
                "",
                "barge-in",
                "get",
                PERSON_ID,
            ],
            "the URL is empty",
        ),
        (
            vec!["--mock", "--org", PERSON_ID, "barge-in", "get", PERSON_ID],
            "the id names a person, not an organization",
        ),
        (
            vec![
                "--token",
                "t",
                "--base-url",
                "http://example.com/v1",
                "barge-in",
                "get",
                PERSON_ID,
            ],
            "https://",
        ),
        (
            vec!["--mock", "barge-in", "set", PERSON_ID, "--enabled", "maybe"],
            "maybe",
        ),
        (
            vec!["--mock", "--output", "xml", "barge-in", "get", PERSON_ID],
            "xml",
        ),
        (
            vec!["--mock", "--concurrency", "0", "barge-in", "get", PERSON_ID],
            "concurrency",
        ),
        (
            vec!["--mock", "--max-targets", "0", "barge-in", "get", "--all"],
            "--max-targets",
        ),
        (vec!["barge-in"], "Usage"),
        (vec!["--mock", "barge-in", "get", "  "], "id argument 1"),
        (
            vec!["--mock", "barge-in", "get", "not/an id"],
            "id argument 1",
        ),
        (vec!["--mock", "barge-in", "get", "bm9ib2R5"], "--kind"),
        (
            vec!["--mock", "barge-in", "get", "--kind", "room", PERSON_ID],
            "room",
        ),
    ];
    for (args, message) in cases {
        wxc()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn org_is_sent_as_org_id() {
    let mock = Mock::start(|b| b);
    mock.wxc()
        .args(["--org", ORG_ID, "barge-in", "get", PERSON_ID])
        .assert()
        .success();
    let log = mock.server.request_log();
    assert_eq!(
        log[0].query.as_deref(),
        Some(format!("orgId={ORG_ID}").as_str())
    );
}

#[test]
fn the_token_is_never_printed_even_with_vv() {
    let mock = Mock::start(|b| b.token(TOKEN).fail_rate(0.0));
    let base_url = mock.server.base_url();
    mock.server.fail_next(PERSON_ID, 503, 1, Some("0"));
    let runs: Vec<Vec<&str>> = vec![
        vec!["-vv", "barge-in", "get", PERSON_ID, "bm9ib2R5"],
        vec!["-vvv", "barge-in", "set", PERSON_ID, "--enabled", "false"],
        vec![
            "-vv",
            "--dry-run",
            "push-to-talk",
            "set",
            VIRTUAL_LINE_ID,
            "--auto-answer",
            "false",
        ],
    ];
    for args in runs {
        let output = wxc()
            .args(["--base-url", &base_url, "--token", TOKEN])
            .args(&args)
            .assert()
            .get_output()
            .clone();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.is_empty(), "-vv logs something");
        assert!(
            !stdout.contains(TOKEN) && !stderr.contains(TOKEN),
            "{stdout}\n{stderr}"
        );
    }
    // From the environment, and when Webex rejects it.
    let output = wxc()
        .env("WEBEX_ACCESS_TOKEN", "wrong-token-8d7e6f")
        .args(["--base-url", &base_url, "-vv", "barge-in", "get", PERSON_ID])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!all.contains("wrong-token-8d7e6f"), "{all}");
    assert!(all.contains("401"), "{all}");
}

#[test]
fn a_rejected_token_stops_the_run_and_lists_what_is_left() {
    let mock = Mock::start(|b| b.people(40).token(TOKEN));
    let ids = mock.server.people_ids();
    let dir = tempfile::tempdir().unwrap();
    let input: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let output = wxc()
        .current_dir(dir.path())
        .args([
            "--base-url",
            &mock.server.base_url(),
            "--token",
            "not-the-token",
        ])
        .args(["--concurrency", "2", "--ids-from", "-", "barge-in", "get"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("access token was rejected"))
        .get_output()
        .clone();
    let records = by_id(&ndjson(&output.stdout));
    assert!(records.len() < ids.len(), "the run stopped early");
    let unprocessed = unprocessed_ids(dir.path());
    assert_eq!(records.len() + unprocessed.len(), ids.len());
    let all: HashSet<&String> = records.keys().chain(unprocessed.iter()).collect();
    assert_eq!(all.len(), ids.len());
}

fn unprocessed_ids(dir: &std::path::Path) -> Vec<String> {
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("wxc-unprocessed-")
        })
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    std::fs::read_to_string(&files[0])
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_sending_writes_in_flight_records_and_lists_the_rest() {
    use std::io::Write;
    use std::process::Stdio;

    let mock = Mock::start(|b| b.people(60).latency(Duration::from_millis(250)));
    let ids = mock.server.people_ids();
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wxc"))
        .current_dir(dir.path())
        .env_remove("WEBEX_ACCESS_TOKEN")
        .args(["--base-url", &mock.server.base_url(), "--token", TOKEN])
        .args(["--concurrency", "4", "--ids-from", "-", "barge-in", "get"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input: String = ids.iter().map(|id| format!("{id}\n")).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    // Ready when the first responses have come back (a readiness signal from
    // the server's log, not a guess at how long start-up takes).
    interrupt_when(&child, || mock.server.request_log().len() >= 4);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(stderr.contains("resume with: wxc --ids-from"), "{stderr}");
    let records = by_id(&ndjson(&output.stdout));
    assert!(
        !records.is_empty() && records.len() < ids.len(),
        "{}",
        records.len()
    );
    assert!(
        records.values().all(|r| r["outcome"] == "ok"),
        "in-flight requests finished"
    );
    let unprocessed = unprocessed_ids(dir.path());
    let all: HashSet<&String> = records.keys().chain(unprocessed.iter()).collect();
    assert_eq!(records.len() + unprocessed.len(), ids.len());
    assert_eq!(
        all.len(),
        ids.len(),
        "every id is either processed or listed, once"
    );
    // Nothing was sent after the interrupt beyond what was in flight.
    assert_eq!(mock.server.request_log().len(), records.len());
}

/// A table holds results in input order: when the grace period ends with
/// one slow request in flight, the changes finished behind it are named as
/// made, not resumed.
#[cfg(unix)]
#[test]
fn changes_a_table_still_held_when_the_grace_ends_are_named_not_resumed() {
    use std::process::Stdio;

    let mock = Mock::start(|b| b.people(12));
    let ids = mock.server.people_ids();
    let dir = tempfile::tempdir().unwrap();
    let ids_file = dir.path().join("ids.txt");
    std::fs::write(&ids_file, ids.join("\n")).unwrap();
    let set = |enabled: &str| mock.barge_in_set(dir.path(), &ids_file, "16", enabled, "table");
    let off = set("false").output().unwrap();
    assert_eq!(off.status.code(), Some(0), "{off:?}");
    mock.server.clear_request_log();
    // The first id waits 55 s (under the 60 s cap) to be retried, far past
    // the 5 s grace; the table cannot show the rest before it.
    mock.server.fail_next(&ids[0], 503, 1, Some("55"));
    let child = set("true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    interrupt_when(&child, || {
        changed_on_server(&mock.server).len() == ids.len() - 1
    });
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert_eq!(
        named_changes(&stderr),
        changed_on_server(&mock.server),
        "{stderr}"
    );
    let unprocessed = unprocessed_ids(dir.path());
    assert_eq!(unprocessed.len(), 1, "{stderr}");
    assert!(unprocessed.contains(&ids[0]), "{stderr}");
    assert!(
        stderr.contains(&format!("{} changed", ids.len() - 1)),
        "{stderr}"
    );
}

/// A second Ctrl-C ends the run at once although its input never ends
/// (a pipe whose writer stays open): the rest is reported as not read.
#[cfg(unix)]
#[test]
fn a_second_ctrl_c_stops_a_run_whose_input_pipe_stays_open() {
    use std::io::{BufRead, Write};
    use std::process::Stdio;

    let mock = Mock::start(|b| b.people(3));
    let ids = mock.server.people_ids();
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wxc"))
        .current_dir(dir.path())
        .env("WEBEX_ACCESS_TOKEN", TOKEN)
        .args(["--base-url", &mock.server.base_url()])
        .args(["--ids-from", "-", "barge-in", "get", "-o", "ndjson"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wxc starts");
    // Kept open to the end: the input never ends.
    let mut stdin = child.stdin.take().expect("a piped stdin");
    let input: String = ids.iter().map(|id| format!("{id}\n")).collect();
    stdin
        .write_all(input.as_bytes())
        .expect("the ids are written");
    stdin.flush().expect("the ids are flushed");
    let (lines_tx, lines) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().expect("a piped stderr");
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    interrupt_when(&child, || mock.server.request_log().len() >= ids.len());
    // Ready for the second Ctrl-C once wxc says it waits for the input.
    let mut seen = Vec::new();
    loop {
        let line = lines
            .recv()
            .expect("wxc says it reads the rest of the input");
        seen.push(line);
        if seen
            .last()
            .is_some_and(|l| l.contains("reading the rest of the input"))
        {
            break;
        }
    }
    interrupt(&child);
    // The process must end although stdin stays open; a generous bound
    // only turns a hang (the bug) into a failure.
    let mut polls = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wxc can be waited for") {
            break status;
        }
        polls += 1;
        if polls > 12_000 {
            child.kill().expect("the hung wxc is killed");
            panic!("a second Ctrl-C did not stop wxc: {seen:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    drop(stdin);
    reader.join().expect("the stderr reader ends");
    seen.extend(lines.try_iter());
    assert_eq!(status.code(), Some(130), "{seen:?}");
    assert!(
        seen.iter()
            .any(|l| l.contains("the rest of the input was not read")),
        "{seen:?}"
    );
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().expect("a piped stdout"), &mut out)
        .expect("stdout is read");
    assert_eq!(
        ndjson(out.as_bytes()).len(),
        ids.len(),
        "every id sent has its record"
    );
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        wxc()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("barge-in"))
            .stdout(predicate::str::contains("push-to-talk"));
    }
}

#[test]
fn help_lists_the_commands() {
    wxc()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("barge-in"))
        .stdout(predicate::str::contains("--ids-from"));
}

#[test]
fn set_in_csv_has_before_and_after_columns() {
    let out = wxc()
        .args([
            "--mock",
            "-q",
            "--dry-run",
            "-o",
            "csv",
            "barge-in",
            "set",
            PERSON_ID,
        ])
        .args(["--tone-enabled", "false"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows,
        [
            "id,kind,outcome,enabled_before,enabled_after,tone_enabled_before,tone_enabled_after,status,error_kind,message,tracking_id",
            &format!("{PERSON_ID},person,would-change,true,true,true,false,,,,"),
        ]
    );
}

/// `-v` shows the requests, as its help says: one line per call, with its
/// status and tracking id.
#[test]
fn verbose_shows_one_line_per_request() {
    let mock = Mock::start(|b| b.people(1));
    let id = mock.server.people_ids()[0].clone();
    // Not `mock.wxc()`, which is `-q`.
    let output = wxc()
        .env("WEBEX_ACCESS_TOKEN", TOKEN)
        .args([
            "--base-url",
            &mock.server.base_url(),
            "-v",
            "barge-in",
            "get",
            &id,
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
    let calls: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("webex_call{"))
        .collect();
    assert_eq!(calls.len(), 1, "{stderr}");
    assert!(calls[0].contains("operation=\"get\""), "{stderr}");
    assert!(calls[0].contains("tracking_id="), "{stderr}");
    assert!(calls[0].contains("status="), "{stderr}");
}
