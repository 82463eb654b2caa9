//! Running Prism (npm `@stoplight/prism-cli`, installed by `npm ci` from the
//! committed lockfile) as an independent implementation of the spec.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A Prism mock server on loopback, killed when dropped.
pub struct Prism {
    child: Child,
    addr: SocketAddr,
}

/// How Prism chooses response bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrismMode {
    /// The spec's examples.
    Static,
    /// Random bodies generated from the schemas.
    Dynamic,
}

impl Prism {
    /// Starts Prism, or explains why it cannot run.
    ///
    /// Returns `Ok(None)` with the reason printed when Prism is not installed
    /// and `CI` is not `true`; under CI a missing Prism is an error, so the
    /// contract tests cannot pass by skipping.
    pub fn start(mode: PrismMode) -> Result<Option<Prism>, String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let binary = root.join("node_modules/.bin/prism");
        if !binary.exists() {
            let reason = format!(
                "Prism is not installed at {}; run `npm ci` in the repository root",
                binary.display()
            );
            if std::env::var("CI").is_ok_and(|value| value == "true") {
                return Err(format!(
                    "{reason} (CI=true, so this is a failure, not a skip)"
                ));
            }
            eprintln!("SKIPPED: {reason}");
            return Ok(None);
        }
        let port = free_port().map_err(|error| format!("no free port: {error}"))?;
        let mut command = Command::new(&binary);
        command
            .current_dir(&root)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg("spec/webex-calling.yaml")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if mode == PrismMode::Dynamic {
            command.arg("--dynamic");
        }
        let child = command
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
        let mut prism = Prism {
            child,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        };
        prism.wait_until_listening(Duration::from_secs(90))?;
        Ok(Some(prism))
    }

    /// Base URL to give a client: Prism serves the spec's paths at its root.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn wait_until_listening(&mut self, limit: Duration) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Prism exited before listening: {status}"));
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "Prism did not listen on {} within {limit:?}",
            self.addr
        ))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism is a node process; a kill is the only way to stop it and it holds
        // no state worth a graceful shutdown.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}
