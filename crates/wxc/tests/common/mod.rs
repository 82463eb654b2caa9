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
    // Never the developer's own logins: a profile of theirs would send
    // these tests to Webex.
    cmd.current_dir(workdir.path())
        .env_remove("WEBEX_ACCESS_TOKEN")
        .env_remove("WEBEX_BASE_URL")
        .env_remove("RUST_LOG")
        .env_remove("WXC_PROFILE")
        .env_remove("WXC_TOKEN_STORE")
        .env("WXC_CONFIG_DIR", workdir.path().join("no-logins"))
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

    /// The wxc binary as a plain process (to hold its pipes or signal it),
    /// in `dir`, against this mock with the test token and none of the
    /// developer's settings: `wxc --base-url <mock>`.
    pub fn process(&self, dir: &std::path::Path) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("wxc"));
        cmd.current_dir(dir)
            .env_remove("WEBEX_BASE_URL")
            .env_remove("RUST_LOG")
            .env_remove("WXC_PROFILE")
            .env_remove("WXC_TOKEN_STORE")
            .env("WXC_CONFIG_DIR", dir.join("no-logins"))
            .env("WEBEX_ACCESS_TOKEN", TOKEN)
            .args(["--base-url", &self.server.base_url()]);
        cmd
    }

    /// `wxc -q --no-undo --concurrency <concurrency> --ids-from <ids>
    /// barge-in set --enabled <enabled> -o <format>` as a process in `dir`.
    pub fn barge_in_set(
        &self,
        dir: &std::path::Path,
        ids: &std::path::Path,
        concurrency: &str,
        enabled: &str,
        format: &str,
    ) -> std::process::Command {
        let mut command = self.process(dir);
        command
            .args(["-q", "--no-undo", "--concurrency", concurrency])
            .arg("--ids-from")
            .arg(ids)
            .args(["barge-in", "set", "--enabled", enabled, "-o", format]);
        command
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

/// A hand-written HTTP server on loopback for what the mock will not do
/// (echo a token, send a huge body, page without end): `answer` gets the
/// request's head (request line and headers) and returns the status, extra
/// headers and body. One connection per request (`Connection: close`).
pub struct Scripted {
    pub base_url: String,
    pub requests: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// What a [`Scripted`] server sends back.
pub enum Body {
    Bytes(Vec<u8>),
    /// `n` bytes of `{"x":"...` without a Content-Length (chunked), written
    /// until the client stops reading.
    Endless,
}

impl Scripted {
    pub fn start(
        answer: impl Fn(&str) -> (u16, Vec<(String, String)>, Body) + Send + Sync + 'static,
    ) -> Self {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base_url = format!("http://{}/v1", listener.local_addr().expect("an address"));
        let requests = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = requests.clone();
        let answer = std::sync::Arc::new(answer);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let answer = answer.clone();
                let counter = counter.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                    let mut head = String::new();
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        head.push_str(&line);
                    }
                    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let (status, headers, body) = answer(&head);
                    let mut out = stream;
                    let mut response = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
                    for (name, value) in headers {
                        response.push_str(&format!("{name}: {value}\r\n"));
                    }
                    match body {
                        Body::Bytes(bytes) => {
                            response.push_str(&format!(
                                "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                                bytes.len()
                            ));
                            let _ = out.write_all(response.as_bytes());
                            let _ = out.write_all(&bytes);
                        }
                        Body::Endless => {
                            response.push_str(
                                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                            );
                            let _ = out.write_all(response.as_bytes());
                            let chunk = vec![b'x'; 64 * 1024];
                            let _ = out.write_all(b"5\r\n{\"x\":\r\n");
                            loop {
                                let head = format!("{:x}\r\n", chunk.len());
                                if out.write_all(head.as_bytes()).is_err()
                                    || out.write_all(&chunk).is_err()
                                    || out.write_all(b"\r\n").is_err()
                                {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
        });
        Self { base_url, requests }
    }

    /// Requests answered so far.
    pub fn count(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// The ids listed in the `wxc-<what>-*.txt` files of `dir` (`unprocessed`,
/// `failed`).
pub fn listed(dir: &std::path::Path, what: &str) -> std::collections::BTreeSet<String> {
    let mut ids = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with(&format!("wxc-{what}-")) {
            let content = std::fs::read_to_string(&path).expect("a readable ids file");
            ids.extend(content.lines().map(str::to_owned));
        }
    }
    ids
}

/// Waits until `ready` (a readiness signal, such as the server's log;
/// polled every 5 ms, for at most 100 s), then sends `child` a SIGINT.
#[cfg(unix)]
pub fn interrupt_when(child: &std::process::Child, ready: impl Fn() -> bool) {
    let mut polls = 0;
    while !ready() {
        polls += 1;
        assert!(polls < 20_000, "wxc never became ready to interrupt");
        std::thread::sleep(Duration::from_millis(5));
    }
    interrupt(child);
}

/// Sends `child` a SIGINT, as Ctrl-C does.
#[cfg(unix)]
pub fn interrupt(child: &std::process::Child) {
    signal(child, "INT");
}

/// Sends `child` the signal `name` (`INT`, `TERM`).
#[cfg(unix)]
pub fn signal(child: &std::process::Child, name: &str) {
    let killed = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(killed.success());
}

/// The ids whose setting the mock changed, by its request log.
pub fn changed_on_server(server: &MockServer) -> std::collections::BTreeSet<String> {
    server
        .request_log()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.status < 300)
        .filter_map(|r| r.id)
        .collect()
}

/// The ids stderr names as changed on the server without a record.
pub fn named_changes(stderr: &str) -> std::collections::BTreeSet<String> {
    stderr
        .lines()
        .filter_map(|line| {
            line.strip_prefix("wxc: changed on the server, but its record could not be written: ")
        })
        .map(str::to_owned)
        .collect()
}
