//! `wxc <setting> apply FILE`: snapshots in, minimal changes out, through the
//! binary against the mock.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{Mock, ndjson};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

fn stdout(cmd: &mut assert_cmd::Command, code: i32) -> Vec<u8> {
    cmd.assert().code(code).get_output().stdout.clone()
}

fn snapshot(mock: &Mock, setting: &str, ids: &[String], format: &str) -> String {
    let out = stdout(
        mock.wxc()
            .args(["--ids-from", "-", setting, "get", "-o", format])
            .write_stdin(ids.join("\n")),
        0,
    );
    String::from_utf8(out).unwrap()
}

fn apply(mock: &Mock, setting: &str, text: &str, format: &str, extra: &[&str]) -> Vec<Value> {
    let out = stdout(
        mock.wxc()
            .args([setting, "apply", "-", "--format", format, "-o", "ndjson"])
            .args(extra)
            .write_stdin(text.to_owned()),
        0,
    );
    ndjson(&out)
}

/// The lines of an output, sorted: records come in completion order.
fn sorted(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

fn outcomes(records: &[Value]) -> BTreeMap<String, String> {
    records
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn get_then_apply_of_the_same_snapshot_sends_no_put_in_either_format() {
    let mock = Mock::start(|b| b.people(5).virtual_lines(5));
    let people = mock.server.people_ids();
    let lines = mock.server.virtual_line_ids();
    for format in ["csv", "ndjson"] {
        for (setting, ids) in [("barge-in", &people), ("push-to-talk", &lines)] {
            let before = snapshot(&mock, setting, ids, format);
            mock.server.clear_request_log();
            let records = apply(&mock, setting, &before, format, &[]);
            assert_eq!(records.len(), ids.len(), "{setting} {format}");
            assert!(
                records.iter().all(|r| r["outcome"] == "unchanged"),
                "{setting} {format}: {records:?}"
            );
            assert_eq!(mock.count("PUT"), 0, "{setting} {format}");
            assert_eq!(mock.count("GET"), ids.len(), "{setting} {format}");
        }
    }
}

#[test]
fn three_edited_rows_make_three_puts_with_exactly_the_edited_fields() {
    let mock = Mock::start(|b| b.people(10));
    let people = mock.server.people_ids();
    let before = snapshot(&mock, "barge-in", &people, "csv");
    let mut rows: Vec<Vec<String>> = before
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    let header = rows[0].clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let flip = |v: &str| if v == "true" { "false" } else { "true" }.to_owned();
    let (enabled, tone) = (col("enabled"), col("tone_enabled"));
    rows[1][enabled] = flip(&rows[1][enabled]);
    rows[2][tone] = flip(&rows[2][tone]);
    rows[3][enabled] = flip(&rows[3][enabled]);
    rows[3][tone] = flip(&rows[3][tone]);
    let expected: BTreeMap<String, Value> = [
        (rows[1][0].clone(), serde_json::json!({"enabled": rows[1][enabled] == "true"})),
        (rows[2][0].clone(), serde_json::json!({"toneEnabled": rows[2][tone] == "true"})),
        (
            rows[3][0].clone(),
            serde_json::json!({"enabled": rows[3][enabled] == "true", "toneEnabled": rows[3][tone] == "true"}),
        ),
    ]
    .into();
    let edited: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    mock.server.clear_request_log();
    let records = apply(&mock, "barge-in", &edited, "csv", &[]);
    assert_eq!(mock.count("PUT"), 3);
    for record in &records {
        let id = record["id"].as_str().unwrap();
        match expected.get(id) {
            Some(update) => {
                assert_eq!(record["outcome"], "changed", "{id}");
                assert_eq!(&record["update"], update, "{id}");
            }
            None => assert_eq!(record["outcome"], "unchanged", "{id}"),
        }
    }
    // Read back: the server now holds the edited values.
    let after = snapshot(&mock, "barge-in", &people, "csv");
    assert_eq!(sorted(&after), sorted(&edited));
}

#[test]
fn applying_an_earlier_snapshot_restores_it_members_included() {
    let mock = Mock::start(|b| b.people(8).virtual_lines(6));
    let lines = mock.server.virtual_line_ids();
    let people = mock.server.people_ids();
    for format in ["csv", "ndjson"] {
        let before = snapshot(&mock, "push-to-talk", &lines, format);
        mock.wxc()
            .args([
                "--ids-from",
                "-",
                "push-to-talk",
                "set",
                "--connection",
                "two-way",
            ])
            .args([
                "--access",
                "block",
                "--members",
                &format!("{},{}", people[0], people[1]),
            ])
            .write_stdin(lines.join("\n"))
            .assert()
            .success();
        let changed = snapshot(&mock, "push-to-talk", &lines, format);
        assert_ne!(sorted(&changed), sorted(&before), "{format}");
        let records = apply(&mock, "push-to-talk", &before, format, &[]);
        assert!(
            records.iter().all(|r| r["outcome"] == "changed"),
            "{format}: {records:?}"
        );
        let restored = snapshot(&mock, "push-to-talk", &lines, format);
        assert_eq!(sorted(&restored), sorted(&before), "{format}");
    }
}

/// `wxc <args>` with `stdin`, refused as a usage error before anything is
/// sent: its stderr.
fn refused(mock: &Mock, args: &[&str], stdin: impl Into<Vec<u8>>) -> String {
    mock.server.clear_request_log();
    let output = mock
        .wxc()
        .args(args)
        .write_stdin(stdin.into())
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
    assert!(
        mock.server.request_log().is_empty(),
        "sent requests: {stderr}"
    );
    stderr
}

#[test]
fn a_file_with_one_bad_row_sends_nothing_and_exits_2() {
    let mock = Mock::start(|b| b.people(4));
    let people = mock.server.people_ids();
    let cases = [
        format!("id,enabled\n{},true\n{},maybe\n", people[0], people[1]),
        format!("id,enabled,colour\n{},true\n", people[0]),
        format!("id,enabled\n{},true\n,false\n", people[0]),
        format!("id,enabled\n{},true\n{},false\n", people[0], people[0]),
        format!(
            "{{\"id\":\"{}\",\"settings\":{{\"enabled\":\"yes\"}}}}\n",
            people[0]
        ),
        "id,enabled\nbm9ib2R5,true\n".to_owned(),
        // A mistyped field, and another setting's record: either would
        // otherwise change nothing without a word.
        format!(
            "{{\"id\":\"{}\",\"settings\":{{\"toneEnabeld\":true}}}}\n",
            people[0]
        ),
        format!(
            "{{\"id\":\"{}\",\"settings\":{{\"connectionType\":\"ONE_WAY\"}}}}\n",
            people[0]
        ),
    ];
    for (n, text) in cases.iter().enumerate() {
        let format = if text.starts_with('{') {
            "ndjson"
        } else {
            "csv"
        };
        let args = ["barge-in", "apply", "-", "--format", format];
        let stderr = refused(&mock, &args, text.clone());
        assert!(stderr.contains("line "), "case {n}: {stderr}");
        assert!(stderr.contains("nothing was sent"), "case {n}: {stderr}");
    }
}

#[test]
fn dry_run_plans_and_sends_nothing() {
    let mock = Mock::start(|b| b.people(3));
    let people = mock.server.people_ids();
    let text: String = std::iter::once("id,enabled,tone_enabled\n".to_owned())
        .chain(people.iter().map(|id| format!("{id},false,false\n")))
        .collect();
    mock.server.clear_request_log();
    let output = mock
        .wxc()
        .args([
            "--dry-run",
            "barge-in",
            "apply",
            "-",
            "--format",
            "csv",
            "-o",
            "ndjson",
        ])
        .write_stdin(text)
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(mock.count("PUT"), 0);
    let records = ndjson(&output.stdout);
    assert_eq!(records.len(), people.len());
    assert!(records.iter().all(|r| r["outcome"] != "changed"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("would change"), "{stderr}");
    assert!(stderr.contains("field"), "{stderr}");
}

#[test]
fn ten_thousand_rows_under_faults_give_one_outcome_each() {
    let mock = Mock::start(|b| b.people(10_000).seed(3).fail_rate(0.02).request_log(false));
    let people = mock.server.people_ids();
    let text: String = std::iter::once("id,tone_enabled\n".to_owned())
        .chain(people.iter().map(|id| format!("{id},true\n")))
        .collect();
    let output = mock
        .wxc()
        .args([
            "--concurrency",
            "64",
            "barge-in",
            "apply",
            "-",
            "--format",
            "csv",
            "-o",
            "ndjson",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let records = ndjson(&output.stdout);
    let ids: HashSet<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(records.len(), people.len(), "one record per row");
    assert_eq!(ids.len(), people.len(), "no id twice");
    let failed = records.iter().filter(|r| r["outcome"] == "failed").count();
    assert_eq!(output.status.code(), Some(if failed > 0 { 1 } else { 0 }));
    assert!(
        outcomes(&records)
            .values()
            .all(|o| ["changed", "unchanged", "failed"].contains(&o.as_str()))
    );
}

/// Webex takes only people as a workspace's push-to-talk members: a row
/// naming a workspace there is refused with the rest, before anything is
/// sent, rather than failing halfway through the file.
#[test]
fn a_member_webex_refuses_for_its_target_is_refused_before_anything_is_sent() {
    let mock = Mock::start(|b| b.people(2).workspaces(6));
    let people = mock.server.people_ids();
    let workspaces = mock.server.calling_workspace_ids();
    let text = format!(
        "id,allow_auto_answer,members\n{},true,\n{},,{}\n",
        people[0], workspaces[1], workspaces[0]
    );
    let apply = ["push-to-talk", "apply", "-", "--format", "csv"];
    for args in [&apply[..], &[&apply[..], &["--dry-run"]].concat()] {
        let stderr = refused(&mock, args, text.clone());
        assert!(stderr.contains("line 3"), "{args:?}: {stderr}");
        assert!(stderr.contains("is a workspace"), "{args:?}: {stderr}");
        assert!(stderr.contains("only person members"), "{args:?}: {stderr}");
    }
    // A person's members may be workspaces.
    let text = format!("id,members\n{},{}\n", people[1], workspaces[0]);
    mock.wxc()
        .args(["push-to-talk", "apply", "-", "--format", "csv", "--dry-run"])
        .write_stdin(text)
        .assert()
        .success();
}

/// `set` refuses the same member for command-line ids and `--all` before
/// anything is sent.
#[test]
fn set_refuses_a_member_webex_refuses_for_the_targets_named() {
    let mock = Mock::start(|b| b.people(1).workspaces(6));
    let workspaces = mock.server.calling_workspace_ids();
    let set = ["push-to-talk", "set", "--add-member", &workspaces[0]];
    for targets in [&[workspaces[1].as_str()][..], &["--all", "--yes"]] {
        let stderr = refused(&mock, &[&set[..], targets].concat(), "");
        assert!(
            stderr.contains("only person members"),
            "{targets:?}: {stderr}"
        );
    }
}

/// A spreadsheet saved as "Unicode Text" (UTF-16) is refused with what to
/// do, not as bytes that are not UTF-8.
#[test]
fn a_utf16_file_is_refused_with_how_to_save_it() {
    let mock = Mock::start(|b| b.people(1));
    let text = format!("id,enabled\n{},true\n", mock.server.people_ids()[0]);
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let stderr = refused(&mock, &["barge-in", "apply", "-", "--format", "csv"], bytes);
    assert!(stderr.contains("UTF-16"), "{stderr}");
    assert!(stderr.contains("CSV UTF-8"), "{stderr}");
}

/// The rows of empty cells a spreadsheet leaves after the data are blank
/// lines, not rows without an id.
#[test]
fn a_spreadsheets_trailing_empty_rows_are_skipped() {
    let mock = Mock::start(|b| b.people(1));
    let id = mock.server.people_ids()[0].clone();
    let text = format!("id,enabled,tone_enabled\r\n{id},false,false\r\n,,\r\n , ,\r\n");
    let output = mock
        .wxc()
        .args(["barge-in", "apply", "-", "--format", "csv", "-o", "ndjson"])
        .write_stdin(text)
        .assert()
        .success()
        .get_output()
        .clone();
    let records = common::ndjson(&output.stdout);
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["id"], id.as_str());
}
