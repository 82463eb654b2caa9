//! Maintainer tasks for the workspace, run as `cargo xtask <task>`.
//!
//! `cargo xtask codegen` regenerates `crates/webex-calling-client/src/generated.rs`
//! from `spec/webex-calling.yaml`; `cargo xtask codegen --check` fails when the
//! committed file is not what the spec produces.

#![forbid(unsafe_code)]

mod changelog;
mod codegen;
mod harden;
mod lean_requests;
mod open_enums;
mod report;
mod settings;
mod small_futures;
mod spec;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--base REV]

  codegen          regenerate crates/webex-calling-client/src/generated.rs from spec/webex-calling.yaml,
                   report what changed in the spec since REV (each change compatible or breaking
                   for Rust callers, and the version it needs) and record it in CHANGELOG.md
  codegen --check  regenerate in memory; fail if the committed file differs, if the workspace
                   version is lower than the spec changes need, or if CHANGELOG.md lacks them
  --base REV       compare the spec with the one at git revision REV [default: the last
                   release: the most recent v* tag, else the newest commit at another
                   workspace version, else HEAD]

usage: cargo xtask release-base
                   print that default revision (CI's baseline for cargo-semver-checks)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["codegen", rest @ ..] => match codegen_options(rest) {
            Some((mode, base)) => workspace_root().and_then(|root| codegen::run(&root, mode, base)),
            None => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["release-base"] => {
            workspace_root().map(|root| println!("{}", codegen::release_base(&root)))
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `[--check] [--base REV]`, in any order; `None` for anything else.
fn codegen_options(args: &[&str]) -> Option<(codegen::Mode, Option<String>)> {
    let mut mode = codegen::Mode::Write;
    let mut base = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--check" => mode = codegen::Mode::Check,
            "--base" => base = Some((*args.next()?).to_owned()),
            _ => return None,
        }
    }
    Some((mode, base))
}

/// The root of the workspace `cargo xtask` was run in, found at run time.
///
/// Not `env!("CARGO_MANIFEST_DIR")`: with one target directory shared by two
/// checkouts, the binary built in one runs in the other, and a path fixed at
/// compile time would regenerate the first checkout's files.
fn workspace_root() -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    workspace_root_from(&cwd)
}

/// The nearest directory at or above `start` whose `Cargo.toml` declares a
/// `[workspace]`, as Cargo itself finds the workspace of a package.
fn workspace_root_from(start: &Path) -> Result<PathBuf> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        let text = match std::fs::read_to_string(&manifest) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => {
                return Err(error).with_context(|| format!("cannot read {}", manifest.display()));
            }
        };
        let declares_workspace = text
            .lines()
            .map(str::trim)
            .any(|line| line == "[workspace]" || line.starts_with("[workspace."));
        if declares_workspace {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no Cargo workspace at or above {}; run `cargo xtask` inside a webex-calling-rs checkout",
        start.display()
    )
}

#[cfg(test)]
mod tests {
    use super::workspace_root_from;
    use std::path::PathBuf;

    /// A scratch directory of its own for one test, removed when dropped.
    struct Scratch(PathBuf);

    impl Drop for Scratch {
        fn drop(&mut self) {
            // Cleanup only; a leftover directory in the temp dir harms nothing.
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn scratch(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        Scratch(dir)
    }

    #[test]
    fn the_root_is_the_workspace_around_the_current_directory() {
        let other = scratch("xtask-other-checkout");
        let member = other.0.join("crates").join("member");
        std::fs::create_dir_all(member.join("src")).expect("create a member");
        std::fs::write(
            other.0.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.1.0\"\n",
        )
        .expect("write the workspace manifest");
        std::fs::write(member.join("Cargo.toml"), "[package]\nname = \"member\"\n")
            .expect("write the member manifest");

        for start in [other.0.clone(), member.clone(), member.join("src")] {
            let root = workspace_root_from(&start).expect("a workspace is found");
            assert_eq!(root, other.0, "from {}", start.display());
        }
    }

    #[test]
    fn outside_any_workspace_is_an_error_naming_the_directory() {
        let lonely = scratch("xtask-no-workspace");
        let dir = lonely.0.join("a");
        std::fs::create_dir_all(&dir).expect("create a directory");
        std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"a\"\n")
            .expect("write a package manifest");
        // The temp dir may itself sit inside some workspace; only check the
        // message when none is found.
        if let Err(error) = workspace_root_from(&dir) {
            let message = format!("{error:#}");
            assert!(message.contains(&dir.display().to_string()), "{message}");
            assert!(message.contains("cargo xtask"), "{message}");
        }
    }
}
