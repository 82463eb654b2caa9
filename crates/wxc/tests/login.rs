//! Logging in once (issue 17), through the binary against the mock's token
//! endpoints: device and browser logins stored in a profile, bulk runs on
//! tokens that expire every two seconds, a refresh token revoked mid-run,
//! the store's permissions, and no secret anywhere it should not be.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{Mock, listed, ndjson, wxc};
use std::collections::BTreeSet;
use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CLIENT_ID: &str = "C7e3a-wxc-integration";
const CLIENT_SECRET: &str = "integration-secret-51d9c0";
/// An administrator's static token (for asking for a service app's tokens).
const ADMIN: &str = "admin-static-token-8b1e";

/// A mock organization with login endpoints, its access tokens living `lifetime`.
fn organization(people: usize, lifetime: Duration) -> Mock {
    Mock::start(|b| {
        b.people(people)
            .workspaces(0)
            .virtual_lines(0)
            .request_log(false)
            .token(ADMIN)
            .oauth(CLIENT_ID, CLIENT_SECRET)
            .token_lifetime(lifetime)
            .approve_device_after(2)
            .device_interval(1)
    })
}

/// A working directory, a configuration directory and the client secret in
/// a private file.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Self {
        let place = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        let secret = place.secret_file();
        std::fs::write(&secret, format!("{CLIENT_SECRET}\n")).unwrap();
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
        place
    }

    fn secret_file(&self) -> PathBuf {
        self.dir.path().join("client-secret")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn store(&self, profile: &str) -> PathBuf {
        self.config().join(format!("{profile}.json"))
    }

    /// `wxc` run here, with no token but the profile's.
    fn wxc(&self) -> assert_cmd::Command {
        let mut cmd = wxc();
        cmd.current_dir(self.dir.path())
            .env("WXC_CONFIG_DIR", self.config())
            .env_remove("WXC_PROFILE");
        cmd
    }

    /// `wxc --base-url <mock> auth login ...` with the device flow.
    fn device_login(&self, mock: &Mock, extra: &[&str]) -> std::process::Output {
        self.wxc()
            .args(["--base-url", &mock.server.base_url(), "auth", "login"])
            .args(["--client-id", CLIENT_ID, "--client-secret-file"])
            .arg(self.secret_file())
            .args(extra)
            .output()
            .unwrap()
    }

    /// `wxc auth login <extra>` running, its stderr piped to read as it goes.
    fn spawn_login(&self, mock: &Mock, extra: &[&str]) -> std::process::Child {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("wxc"))
            .current_dir(self.dir.path())
            .env("WXC_CONFIG_DIR", self.config())
            .env_remove("WXC_PROFILE")
            .args(["--base-url", &mock.server.base_url(), "auth", "login"])
            .args(extra)
            .args(["--client-id", CLIENT_ID, "--client-secret-file"])
            .arg(self.secret_file())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Every file under the place except the profile stores and the secret.
    fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(self.dir.path(), &mut files);
        files.retain(|p| p != &self.secret_file() && p.parent() != Some(&self.config()));
        files
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails when the client secret or any token the mock issued is in `text`.
fn assert_no_secret(mock: &Mock, what: &str, text: &str) {
    assert!(
        !text.contains(CLIENT_SECRET),
        "{what} shows the client secret"
    );
    for token in mock.server.issued_tokens() {
        assert!(!text.contains(&token), "{what} shows an issued token");
    }
}

/// `wxc <extra> barge-in get -o ndjson` over `ids`: its output.
fn bulk_get(place: &Place, ids: &[String], extra: &[&str]) -> std::process::Output {
    let file = place.dir.path().join("ids.txt");
    std::fs::write(&file, ids.join("\n")).unwrap();
    place
        .wxc()
        .arg("--ids-from")
        .arg(&file)
        .args(extra)
        .args(["barge-in", "get", "--kind", "person", "-o", "ndjson"])
        .output()
        .unwrap()
}

/// The count in the summary's "N token refreshes" (or "1 token refresh").
fn refreshes_in_summary(stderr: &str) -> Option<u64> {
    let (before, _) = stderr.split_once(" token refresh")?;
    before
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[test]
fn a_device_login_is_stored_privately_and_used_until_logout() {
    let mock = organization(40, Duration::from_secs(3600));
    let place = Place::new();

    let login = place.device_login(&mock, &[]);
    let stderr = text(&login.stderr);
    assert_eq!(login.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("enter the code"), "{stderr}");
    assert!(stderr.contains("/device"), "{stderr}");
    assert!(stderr.contains("logged in as Dana Whitfield"), "{stderr}");
    assert!(stderr.contains(&mock.server.org_id()), "{stderr}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&place.store("default")), 0o600);
    assert_eq!(mode(&place.config()), 0o700);

    let status = place.wxc().args(["auth", "status"]).output().unwrap();
    let status_err = text(&status.stderr);
    assert_eq!(status.status.code(), Some(0), "{status_err}");
    assert!(
        status_err.contains("access token expires in"),
        "{status_err}"
    );
    assert!(
        status_err.contains("refresh token expires in"),
        "{status_err}"
    );
    assert!(status_err.contains("default.json"), "{status_err}");

    // Commands use the profile, and its API root, with no token given.
    let ids = mock.server.people_ids();
    let run = bulk_get(&place, &ids, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let records = ndjson(&run.stdout);
    assert_eq!(records.len(), ids.len());
    assert!(records.iter().all(|r| r["outcome"] == "ok"), "{records:?}");

    // The one command that prints a token prints one the mock issued.
    let token = place.wxc().args(["auth", "token"]).output().unwrap();
    assert_eq!(token.status.code(), Some(0));
    let printed = text(&token.stdout).trim().to_owned();
    assert!(mock.server.issued_tokens().contains(&printed));

    for (what, out) in [("login", &login), ("status", &status), ("get", &run)] {
        assert_no_secret(&mock, &format!("{what} stdout"), &text(&out.stdout));
        assert_no_secret(&mock, &format!("{what} stderr"), &text(&out.stderr));
    }
    assert_no_secret(&mock, "auth token stderr", &text(&token.stderr));
    for file in place.files() {
        let content = text(&std::fs::read(&file).unwrap());
        assert_no_secret(&mock, &file.display().to_string(), &content);
    }

    let logout = place.wxc().args(["auth", "logout"]).output().unwrap();
    assert_eq!(logout.status.code(), Some(0));
    assert!(!place.store("default").exists());
    place.wxc().args(["auth", "status"]).assert().code(1);
}

#[test]
fn ten_thousand_reads_on_two_second_tokens_refresh_now_and_then_not_per_request() {
    let mock = organization(10_000, Duration::from_secs(2));
    let place = Place::new();
    let login = place.device_login(&mock, &[]);
    assert_eq!(login.status.code(), Some(0), "{}", text(&login.stderr));
    let ids = mock.server.people_ids();

    let started = Instant::now();
    let run = bulk_get(&place, &ids, &[]);
    let elapsed = started.elapsed();
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let records = ndjson(&run.stdout);
    assert_eq!(records.len(), ids.len());
    let failed: Vec<_> = records.iter().filter(|r| r["outcome"] != "ok").collect();
    assert!(
        failed.is_empty(),
        "no 401 surfaces: {:?}",
        &failed[..failed.len().min(3)]
    );

    let refreshes = mock.server.token_refreshes();
    assert!(refreshes >= 1, "a run longer than a token's life refreshes");
    assert_eq!(refreshes_in_summary(&stderr), Some(refreshes), "{stderr}");
    // About one per half-life of a token (the refresh margin), counted
    // against this run's own duration; never one per request.
    let half_lives = elapsed.as_secs_f64() / 1.0;
    assert!(
        (refreshes as f64) <= half_lives + 3.0,
        "{refreshes} refreshes in {elapsed:?}"
    );
    assert!(refreshes * 100 < ids.len() as u64, "{refreshes}");
    eprintln!("10,000 reads in {elapsed:?} with {refreshes} refreshes");
}

#[test]
fn a_refresh_token_revoked_mid_run_stops_it_with_every_id_accounted_for() {
    let mock = Mock::start(|b| {
        b.people(4000)
            .workspaces(0)
            .virtual_lines(0)
            .request_log(false)
            .latency(Duration::from_millis(5))
            .oauth(CLIENT_ID, CLIENT_SECRET)
            .token_lifetime(Duration::from_secs(2))
            .approve_device_after(0)
            .device_interval(1)
            .revoke_refresh_tokens_after(1)
    });
    let place = Place::new();
    let login = place.device_login(&mock, &[]);
    assert_eq!(login.status.code(), Some(0), "{}", text(&login.stderr));
    let ids = mock.server.people_ids();

    // Four at a time at 5 ms each: longer than two token lives, so the
    // second refresh comes, and is refused.
    let run = bulk_get(&place, &ids, &["--concurrency", "4"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("log in again"), "{stderr}");
    // Named with its API root, which is not Webex's own here.
    assert!(
        stderr.contains(&format!(
            "wxc --base-url {} auth login --profile default",
            mock.server.base_url()
        )),
        "{stderr}"
    );
    let records = ndjson(&run.stdout);
    let written: BTreeSet<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(written.len(), records.len(), "an id written twice");
    let resumable = listed(place.dir.path(), "unprocessed");
    assert!(
        !resumable.is_empty(),
        "the run stopped before the end: {stderr}"
    );
    assert!(written.is_disjoint(&resumable));
    let accounted: BTreeSet<String> = written.union(&resumable).cloned().collect();
    assert_eq!(accounted, ids.iter().cloned().collect(), "{stderr}");
    assert_no_secret(&mock, "stderr", &stderr);
    // The status asks Webex (a refresh), so it knows the login is dead.
    let status = place.wxc().args(["auth", "status"]).output().unwrap();
    let status_err = text(&status.stderr);
    assert_eq!(status.status.code(), Some(1), "{status_err}");
    assert!(status_err.contains("log in again"), "{status_err}");
}

#[test]
fn a_store_others_can_read_is_refused_with_the_chmod_that_fixes_it() {
    let mock = organization(5, Duration::from_secs(3600));
    let place = Place::new();
    assert_eq!(place.device_login(&mock, &[]).status.code(), Some(0));
    let store = place.store("default");
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = place.wxc().args(["auth", "status"]).output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("chmod 600 {}", store.display())),
        "{stderr}"
    );
    assert_no_secret(&mock, "stderr", &stderr);
}

#[test]
fn a_config_directory_others_can_read_is_refused_before_anyone_approves() {
    let mock = organization(5, Duration::from_secs(3600));
    let place = Place::new();
    std::fs::create_dir(place.config()).unwrap();
    std::fs::set_permissions(place.config(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let login = place.device_login(&mock, &[]);
    let stderr = text(&login.stderr);
    assert_eq!(login.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("chmod 700 {}", place.config().display())),
        "{stderr}"
    );
    assert!(
        !stderr.contains("enter the code"),
        "asked to approve: {stderr}"
    );

    // Without a login, status says how to make one, for this API root.
    std::fs::set_permissions(place.config(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let status = place
        .wxc()
        .args(["--base-url", &mock.server.base_url(), "auth", "status"])
        .output()
        .unwrap();
    let stderr = text(&status.stderr);
    assert_eq!(status.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "log in with: wxc --base-url {} auth login --profile default",
            mock.server.base_url()
        )),
        "{stderr}"
    );
}

#[test]
fn a_profile_is_not_sent_to_another_api_root() {
    let mock = organization(5, Duration::from_secs(3600));
    let place = Place::new();
    assert_eq!(place.device_login(&mock, &[]).status.code(), Some(0));
    let out = place
        .wxc()
        .args(["--base-url", "http://127.0.0.1:9/v1", "auth", "token"])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("only sent"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_browser_login_comes_back_through_the_loopback_redirect() {
    let mock = organization(5, Duration::from_secs(3600));
    let place = Place::new();
    let mut child = place.spawn_login(
        &mock,
        &["--browser", "--redirect-uri", "http://127.0.0.1:0/callback"],
    );
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let url = loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "no URL: {seen}");
        seen.push_str(&line);
        if line.starts_with("http") && line.contains("/authorize?") {
            break line.trim().to_owned();
        }
    };
    // The "browser": the mock approves and redirects to wxc's listener.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let page = runtime
        .block_on(async { reqwest::get(&url).await?.text().await })
        .unwrap();
    assert!(page.contains("Logged in"), "{page}");
    let status = child.wait().unwrap();
    std::io::Read::read_to_string(&mut stderr, &mut seen).unwrap();
    assert!(status.success(), "{seen}");
    assert!(seen.contains("logged in as Dana Whitfield"), "{seen}");
    assert_no_secret(&mock, "stderr", &seen);
    place.wxc().args(["auth", "status"]).assert().code(0);
}

#[test]
fn a_service_app_login_is_stored_and_refreshes_like_any_other() {
    let mock = organization(5, Duration::from_secs(3600));
    let place = Place::new();
    let out = place
        .wxc()
        .env("WEBEX_ACCESS_TOKEN", ADMIN)
        .args(["--base-url", &mock.server.base_url(), "--profile", "robot"])
        .args([
            "auth",
            "service-app",
            "--app-id",
            "Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OLzE",
        ])
        .args(["--client-id", CLIENT_ID, "--client-secret-file"])
        .arg(place.secret_file())
        .args(["--target-org", &mock.server.org_id()])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(place.store("robot").exists());
    let status = place
        .wxc()
        .env("WXC_PROFILE", "robot")
        .args(["auth", "status"])
        .output()
        .unwrap();
    let status_err = text(&status.stderr);
    assert_eq!(status.status.code(), Some(0), "{status_err}");
    assert!(status_err.contains("service app"), "{status_err}");
    assert_no_secret(&mock, "stderr", &stderr);
    assert_no_secret(&mock, "status", &status_err);
}

#[test]
fn without_any_token_the_error_says_how_to_log_in() {
    let place = Place::new();
    let out = place
        .wxc()
        .args(["barge-in", "get", "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x"])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("wxc auth login"), "{stderr}");
}

#[test]
fn ctrl_c_or_sigterm_during_a_device_login_cancels_it_and_stores_nothing() {
    let mock = Mock::start(|b| {
        b.people(1)
            .oauth(CLIENT_ID, CLIENT_SECRET)
            .approve_device_after(1_000_000)
            .device_interval(1)
    });
    for signal in ["INT", "TERM"] {
        let place = Place::new();
        let mut child = place.spawn_login(&mock, &[]);
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut seen = String::new();
        // Ready: it says it waits (it polls from then on).
        while !seen.contains("waiting for the login") {
            assert!(stderr.read_line(&mut seen).unwrap() > 0, "{seen}");
        }
        common::signal(&child, signal);
        let status = child.wait().unwrap();
        std::io::Read::read_to_string(&mut stderr, &mut seen).unwrap();
        assert_eq!(status.code(), Some(130), "SIG{signal}: {seen}");
        assert!(seen.contains("login cancelled"), "SIG{signal}: {seen}");
        assert!(!place.store("default").exists());
        assert_no_secret(&mock, "stderr", &seen);
    }
}

/// A logout while another process refreshes the login waits for that
/// refresh to end, so the refresh cannot write the login back after it.
#[test]
fn a_logout_waits_for_a_refresh_in_progress_and_then_removes_the_login() {
    let mock = organization(1, Duration::from_secs(3600));
    let place = Place::new();
    let login = place.device_login(&mock, &[]);
    assert_eq!(login.status.code(), Some(0), "{}", text(&login.stderr));

    // Another process's refresh, as the lock it holds.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(place.config().join(".default.json.lock"))
        .expect("the lock file can be opened");
    lock.try_lock().expect("no one else holds the lock");

    let mut logout = std::process::Command::new(assert_cmd::cargo::cargo_bin("wxc"))
        .env("WXC_CONFIG_DIR", place.config())
        .env_remove("WXC_PROFILE")
        .args(["auth", "logout"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("wxc starts");
    let mut stderr = std::io::BufReader::new(logout.stderr.take().expect("stderr is piped"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("stderr can be read");
    assert!(
        line.contains("waiting for another process to finish refreshing the login"),
        "{line}"
    );
    assert!(
        place.store("default").exists(),
        "the login was removed while another process was refreshing it"
    );

    drop(lock);
    let status = logout.wait().expect("wxc ends");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).expect("stderr can be read");
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.contains("logged out"), "{rest}");
    assert!(!place.store("default").exists());
}
