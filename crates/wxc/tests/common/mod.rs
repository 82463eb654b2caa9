//! What the end-to-end tests of the `wxc` binary share: a mock server on its
//! own runtime, and `wxc` pointed at it.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use serde_json::Value;
use std::time::Duration;
use webex_calling_mock::{MockServer, MockServerBuilder};

pub const TOKEN: &str = "test-token-5f1c9e2a7b";

/// `wxc` with no Webex settings inherited from the environment.
pub fn wxc() -> Command {
    let mut cmd = Command::cargo_bin("wxc").expect("the wxc binary is built");
    // Runs leave failed-ids and resume files in the current directory.
    static WORKDIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let workdir = WORKDIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"));
    cmd.current_dir(workdir.path())
        .env_remove("WEBEX_ACCESS_TOKEN")
        .env_remove("WEBEX_BASE_URL")
        .env_remove("RUST_LOG")
        .timeout(Duration::from_secs(120));
    cmd
}

/// A mock server running on its own runtime for the duration of a test.
pub struct Mock {
    pub server: MockServer,
    _runtime: tokio::runtime::Runtime,
}

impl Mock {
    pub fn start(configure: impl FnOnce(MockServerBuilder) -> MockServerBuilder) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let server = runtime
            .block_on(configure(MockServer::builder()).start())
            .expect("the mock starts");
        Self {
            server,
            _runtime: runtime,
        }
    }

    /// `wxc --base-url <mock> --token-file <TOKEN> -q`.
    pub fn wxc(&self) -> Command {
        let mut cmd = wxc();
        cmd.env("WEBEX_ACCESS_TOKEN", TOKEN)
            .args(["--base-url", &self.server.base_url(), "-q"]);
        cmd
    }

    /// The methods of the requests the mock saw, in order.
    pub fn methods(&self) -> Vec<String> {
        self.server
            .request_log()
            .into_iter()
            .map(|r| r.method)
            .collect()
    }

    /// Requests the mock answered with this method.
    pub fn count(&self, method: &str) -> usize {
        self.server
            .request_log()
            .iter()
            .filter(|r| r.method == method)
            .count()
    }
}

/// Records by id; an id twice fails the test.
pub fn by_id(records: &[Value]) -> std::collections::BTreeMap<String, Value> {
    let map: std::collections::BTreeMap<String, Value> = records
        .iter()
        .map(|r| (r["id"].as_str().expect("an id").to_owned(), r.clone()))
        .collect();
    assert_eq!(map.len(), records.len(), "an id appears twice: {records:?}");
    map
}

/// The records of ndjson output.
pub fn ndjson(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON record per line"))
        .collect()
}
