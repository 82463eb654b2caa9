//! Golden files of what people read: `--help`, and the table and csv
//! formats. They live in `tests/data/`; after an intended change, refresh
//! them with `INSTA_UPDATE=always cargo test -p wxc --test golden` and review
//! the diff. Under `CI=true` a mismatch fails and nothing is written.

#![allow(clippy::expect_used, missing_docs)]

use assert_cmd::Command;
use std::time::Duration;
use webex_calling_mock::seed_examples::{PERSON_ID, VIRTUAL_LINE_ID};

fn stdout(args: &[&str]) -> String {
    let output = Command::cargo_bin("wxc")
        .expect("the wxc binary is built")
        .env_remove("WEBEX_ACCESS_TOKEN")
        .env_remove("WEBEX_BASE_URL")
        // `--help` shows these variables' values.
        .env_remove("WXC_PROFILE")
        .env_remove("WXC_TOKEN_STORE")
        .env("COLUMNS", "100")
        .timeout(Duration::from_secs(60))
        .args(args)
        .output()
        .expect("wxc runs");
    String::from_utf8(output.stdout).expect("wxc writes UTF-8")
}

fn golden(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "data",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn help() {
    golden("help", &stdout(&["--help"]));
    golden("barge_in_help", &stdout(&["barge-in", "--help"]));
    golden(
        "push_to_talk_set_help",
        &stdout(&["push-to-talk", "set", "--help"]),
    );
    golden("apply_help", &stdout(&["barge-in", "apply", "--help"]));
    golden("people_list_help", &stdout(&["people", "list", "--help"]));
}

#[test]
fn table_and_csv() {
    for format in ["table", "csv"] {
        let ptt = stdout(&[
            "--mock",
            "-q",
            "-o",
            format,
            "push-to-talk",
            "get",
            VIRTUAL_LINE_ID,
        ]);
        golden(&format!("push_to_talk_get_{format}"), &ptt);
        let set = stdout(&[
            "--mock",
            "-q",
            "--dry-run",
            "-o",
            format,
            "barge-in",
            "set",
            PERSON_ID,
            "--tone-enabled",
            "false",
        ]);
        golden(&format!("barge_in_set_dry_run_{format}"), &set);
    }
}
