//! The whole family through the binary: ids of every kind mixed in one run,
//! the listings, and `--all`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{Mock, by_id, ndjson};
use std::collections::{BTreeMap, BTreeSet};

fn kinds(mock: &Mock) -> Vec<(String, &'static str)> {
    let people = mock
        .server
        .calling_people_ids()
        .into_iter()
        .map(|id| (id, "person"));
    let workspaces = mock
        .server
        .calling_workspace_ids()
        .into_iter()
        .map(|id| (id, "workspace"));
    let lines = mock
        .server
        .virtual_line_ids()
        .into_iter()
        .map(|id| (id, "virtual-line"));
    people.chain(workspaces).chain(lines).collect()
}

#[test]
fn mixed_ids_get_one_ok_record_each_with_the_right_kind_for_both_settings() {
    let mock = Mock::start(|b| b.people(6).workspaces(6).virtual_lines(4));
    let targets = kinds(&mock);
    let input: String = targets.iter().map(|(id, _)| format!("{id}\n")).collect();
    for setting in ["barge-in", "push-to-talk"] {
        let out = mock
            .wxc()
            .args(["--ids-from", "-", setting, "get", "-o", "ndjson"])
            .write_stdin(input.clone())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let records = by_id(&ndjson(&out));
        assert_eq!(records.len(), targets.len(), "{setting}");
        for (id, kind) in &targets {
            assert_eq!(records[id]["outcome"], "ok", "{setting} {id}");
            assert_eq!(records[id]["kind"], *kind, "{setting} {id}");
        }
    }
}

#[test]
fn set_on_a_mixed_file_changes_all_three_kinds() {
    let mock = Mock::start(|b| b.people(4).workspaces(4).virtual_lines(3));
    let targets = kinds(&mock);
    let input: String = targets.iter().map(|(id, _)| format!("{id}\n")).collect();
    let set = |value: &str| {
        let out = mock
            .wxc()
            .args([
                "--ids-from",
                "-",
                "barge-in",
                "set",
                "--tone-enabled",
                value,
            ])
            .write_stdin(input.clone())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        by_id(&ndjson(&out))
    };
    set("false");
    let records = set("true");
    let changed: BTreeSet<&str> = records
        .values()
        .filter(|r| r["outcome"] == "changed")
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        BTreeSet::from(["person", "virtual-line", "workspace"])
    );
    for record in records.values() {
        assert_eq!(record["after"]["toneEnabled"], true);
        if record["kind"] == "workspace" {
            // Webex requires `enabled` on a workspace barge-in update.
            assert!(record["update"]["enabled"].is_boolean(), "{record}");
        }
    }
    // Read back: every target now has the tone on.
    let out = mock
        .wxc()
        .args(["--ids-from", "-", "barge-in", "get"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        ndjson(&out)
            .iter()
            .all(|r| r["settings"]["toneEnabled"] == true)
    );
}

#[test]
fn the_lists_list_exactly_the_calling_targets_in_every_format() {
    let mock = Mock::start(|b| b.people(30).workspaces(9).virtual_lines(5).locations(3));
    let cases = [
        ("people", mock.server.calling_people_ids()),
        ("workspaces", mock.server.calling_workspace_ids()),
        ("virtual-lines", mock.server.virtual_line_ids()),
    ];
    for (list, expected) in cases {
        let out = mock
            .wxc()
            .args([list, "list", "-o", "ndjson"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let records = ndjson(&out);
        let ids: Vec<String> = records
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids, expected, "{list}");
        assert!(
            records.iter().all(|r| r["location_id"].is_string()),
            "{list}"
        );
        for format in ["csv", "table", "json"] {
            let out = mock
                .wxc()
                .args([list, "list", "-o", format])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            let text = String::from_utf8(out).unwrap();
            assert!(
                expected.iter().all(|id| text.contains(id.as_str())),
                "{list} {format}"
            );
        }
    }
    let location = mock.server.location_ids()[1].clone();
    let out = mock
        .wxc()
        .args(["people", "list", "--location", &location])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = ndjson(&out);
    assert!(!records.is_empty());
    assert!(
        records
            .iter()
            .all(|r| r["location_id"] == location.as_str())
    );
}

#[test]
fn all_reads_every_calling_target_exactly_once_through_faults() {
    let mock = Mock::start(|b| b.people(300).workspaces(40).virtual_lines(20));
    let expected: BTreeMap<String, &str> = kinds(&mock).into_iter().collect();
    // Faults the client retries, on the listings and on targets of each kind,
    // and one it does not: a 409 on one person.
    mock.server.fail_next_list("people", 503, 2, Some("0"));
    mock.server.fail_next_list("workspaces", 502, 1, None);
    mock.server
        .fail_next_list("virtualLines", 429, 1, Some("0"));
    let people = mock.server.calling_people_ids();
    mock.server.fail_next(&people[5], 503, 2, Some("0"));
    mock.server.drop_next(&people[6], 1);
    mock.server.fail_next(&people[7], 409, 1, None);
    mock.server
        .fail_next(&mock.server.calling_workspace_ids()[1], 504, 1, None);
    mock.server
        .fail_next(&mock.server.virtual_line_ids()[2], 423, 1, Some("0"));
    let output = mock
        .wxc()
        .args([
            "--concurrency",
            "16",
            "barge-in",
            "get",
            "--all",
            "-o",
            "ndjson",
        ])
        .output()
        .unwrap();
    let records = by_id(&ndjson(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(records.len(), expected.len(), "{stderr}");
    for (id, kind) in &expected {
        assert_eq!(records[id]["kind"], *kind, "{id}");
    }
    let failed = records
        .values()
        .filter(|r| r["outcome"] == "failed")
        .count();
    assert_eq!(
        output.status.code(),
        Some(if failed > 0 { 1 } else { 0 }),
        "{stderr}"
    );
}

#[test]
fn all_narrows_by_kind_and_location() {
    let mock = Mock::start(|b| b.people(20).workspaces(8).virtual_lines(6).locations(2));
    let location = mock.server.location_ids()[0].clone();
    let out = mock
        .wxc()
        .args([
            "push-to-talk",
            "get",
            "--all",
            "--kind",
            "workspace",
            "--kind",
            "virtual-line",
        ])
        .args(["--location", &location, "-o", "ndjson"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = ndjson(&out);
    assert!(!records.is_empty());
    assert!(
        records
            .iter()
            .all(|r| r["kind"] == "workspace" || r["kind"] == "virtual-line")
    );
    let listed: usize = ["workspaces", "virtual-lines"]
        .iter()
        .map(|list| {
            let out = mock
                .wxc()
                .args([list, "list", "--location", &location])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            ndjson(&out).len()
        })
        .sum();
    assert_eq!(records.len(), listed);
}

#[test]
fn set_all_needs_yes_without_a_terminal_and_dry_run_needs_nothing() {
    let mock = Mock::start(|b| b.people(3).workspaces(2).virtual_lines(1));
    mock.wxc()
        .args(["barge-in", "set", "--all", "--enabled", "true"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--yes"));
    assert_eq!(mock.count("PUT"), 0);
    assert_eq!(mock.count("GET"), 0, "nothing listed either");
    mock.wxc()
        .args(["--dry-run", "barge-in", "set", "--all", "--enabled", "true"])
        .assert()
        .success();
    assert_eq!(mock.count("PUT"), 0);
    mock.wxc()
        .args(["barge-in", "set", "--all", "--enabled", "true", "--yes"])
        .assert()
        .success();
    assert!(mock.count("PUT") > 0);
}

#[test]
fn an_id_whose_kind_cannot_be_told_is_a_usage_error_unless_kind_is_given() {
    let mock = Mock::start(|b| b);
    mock.wxc()
        .args(["barge-in", "get", "b3BhcXVl"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("b3BhcXVl"))
        .stderr(predicates::str::contains("--kind"));
    let out = mock
        .wxc()
        .args([
            "barge-in", "get", "--kind", "person", "b3BhcXVl", "-o", "ndjson",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let records = ndjson(&out);
    assert_eq!(records[0]["kind"], "person");
    assert_eq!(records[0]["error"]["kind"], "not-found");
    // In a file it is a failed record naming the flag, and the run exits 2.
    let output = mock
        .wxc()
        .args(["--ids-from", "-", "barge-in", "get", "-o", "ndjson"])
        .write_stdin(format!(
            "b3BhcXVl\n{}\n",
            webex_calling_mock::seed_examples::PERSON_ID
        ))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let records = by_id(&ndjson(&output.stdout));
    assert_eq!(records["b3BhcXVl"]["error"]["kind"], "unknown-kind");
    assert_eq!(
        records[webex_calling_mock::seed_examples::PERSON_ID]["outcome"],
        "ok"
    );
}

#[test]
fn the_field_count_leaves_out_what_webex_requires_but_does_not_change() {
    let mock = Mock::start(|b| b.workspaces(5));
    let input: String = mock
        .server
        .calling_workspace_ids()
        .iter()
        .map(|id| format!("{id}\n"))
        .collect();
    let set = |tone: &str| {
        let out = mock
            .wxc()
            .args(["--ids-from", "-", "barge-in", "set", "--no-undo"])
            .args(["--tone-enabled", tone, "-o", "ndjson"])
            .write_stdin(input.clone())
            .assert()
            .success()
            .get_output()
            .clone();
        (
            ndjson(&out.stdout),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    set("true");
    let (records, stderr) = set("false");
    // Each workspace update carries `enabled` too (Webex requires it), yet
    // only `toneEnabled` changes.
    assert!(!records.is_empty(), "{stderr}");
    for record in &records {
        assert_eq!(record["outcome"], "changed", "{record}");
        assert!(record["update"].get("enabled").is_some(), "{record}");
    }
    let expected = format!(
        "{n} changed, 0 unchanged, {n} fields changed,",
        n = records.len()
    );
    assert!(stderr.contains(&expected), "{expected:?} in {stderr}");
}

/// A run over `--all` that stops lists what it had queued for resuming, and
/// says the targets the listing never reached are in no list and how to
/// cover them: the listing, unlike a file of ids, is not read to its end.
#[test]
fn a_stopped_all_run_says_how_to_cover_the_targets_never_listed() {
    // Far more people than the reader may queue ahead of the requests (a few
    // pages), so the listing cannot have ended when the first read stops
    // the run.
    let mock = Mock::start(|b| b.people(3000));
    let people = mock.server.calling_people_ids();
    mock.server.fail_next(&people[0], 401, 1, None);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let output = mock
        .wxc()
        .current_dir(dir.path())
        .args(["--concurrency", "1", "barge-in", "get", "--all"])
        .args(["-o", "ndjson"])
        .output()
        .expect("wxc runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let again = format!(
        "run `wxc --base-url {} barge-in get --all ...` again",
        mock.server.base_url()
    );
    assert!(
        stderr.contains("targets it had not reached are in no list") && stderr.contains(&again),
        "{stderr}"
    );
    assert!(!stderr.contains("the rest of the input"), "{stderr}");
    let records = ndjson(&output.stdout).len();
    let unprocessed = common::listed(dir.path(), "unprocessed").len();
    assert!(records + unprocessed < people.len(), "{stderr}");
}
