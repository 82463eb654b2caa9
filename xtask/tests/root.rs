//! `cargo xtask` acts on the checkout it is run in, whichever checkout built it.

use std::path::PathBuf;
use std::process::Command;

/// A scratch directory of its own for one test, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        // Cleanup only; a leftover directory in the temp dir harms nothing.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn codegen_works_on_the_workspace_of_the_current_directory() {
    // Another checkout: a workspace without the spec, so a run there fails and
    // names the path it looked at. A root fixed at compile time would check
    // this repository instead and succeed.
    let other = Scratch(std::env::temp_dir().join(format!("xtask-root-{}", std::process::id())));
    let nested = other.0.join("crates").join("somewhere");
    std::fs::create_dir_all(&nested).expect("create the other checkout");
    std::fs::write(other.0.join("Cargo.toml"), "[workspace]\nmembers = []\n")
        .expect("write the workspace manifest");

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .current_dir(&nested)
        .output()
        .expect("run xtask");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    let expected = other.0.join("spec").join("webex-calling.yaml");
    assert!(
        stderr.contains(&expected.display().to_string()),
        "the error must name {}: {stderr}",
        expected.display()
    );
}
