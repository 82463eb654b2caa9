//! `cargo xtask codegen [--check]`: spec -> progenitor -> prettyplease -> file.

use crate::report::{self, Change, Level};
use crate::{changelog, harden, lean_requests, open_enums, settings, small_futures, spec};
use anyhow::{Context, Result, bail};
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;
use std::path::Path;

/// The spec, relative to the workspace root.
pub const SPEC_PATH: &str = "spec/webex-calling.yaml";
/// The generated module, relative to the workspace root.
pub const OUTPUT_PATH: &str = "crates/webex-calling-client/src/generated.rs";

/// Whether to write the generated file or only compare it with the committed one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Overwrite the committed file.
    Write,
    /// Fail if the committed file differs from what the spec produces.
    Check,
}

const HEADER: &str = "\
// @generated from spec/webex-calling.yaml by `cargo xtask codegen`; do not edit.
//
// To change this file, edit the spec (or the generator settings in xtask/src/codegen.rs)
// and run `cargo xtask codegen`. CI runs `cargo xtask codegen --check`.

";

/// Regenerates the client and writes or checks it, then reports the spec's
/// changes since `base` and what they need (see [`report_changes`]).
pub fn run(root: &Path, mode: Mode, base: Option<String>) -> Result<()> {
    generate_or_check(root, mode)?;
    report_changes(root, mode, base)
}

fn generate_or_check(root: &Path, mode: Mode) -> Result<()> {
    let spec_path = root.join(SPEC_PATH);
    let output_path = root.join(OUTPUT_PATH);
    let generated = generate(&spec_path)?;
    match mode {
        Mode::Write => {
            let unchanged = std::fs::read_to_string(&output_path).is_ok_and(|old| old == generated);
            if unchanged {
                println!("{OUTPUT_PATH} is already up to date");
            } else {
                std::fs::write(&output_path, &generated)
                    .with_context(|| format!("cannot write {}", output_path.display()))?;
                println!("wrote {OUTPUT_PATH}");
            }
            Ok(())
        }
        Mode::Check => {
            let committed = std::fs::read_to_string(&output_path).with_context(|| {
                format!(
                    "cannot read {}; run `cargo xtask codegen` to create it",
                    output_path.display()
                )
            })?;
            match first_difference(&committed, &generated) {
                None => {
                    println!("{OUTPUT_PATH} is up to date with {SPEC_PATH}");
                    Ok(())
                }
                Some(report) => bail!(
                    "{OUTPUT_PATH} is stale: it is not what {SPEC_PATH} generates.\n\
                     Run `cargo xtask codegen` and commit the result.\n{report}"
                ),
            }
        }
    }
}

/// Prints every spec change since `base` (a git revision; the latest `v*`
/// tag, else `HEAD`), each compatible or breaking, and the version they
/// need. Writing records them in CHANGELOG.md; checking fails when the
/// workspace version is lower than they need or CHANGELOG.md lacks them.
/// Outside a git checkout there is nothing to compare with, which is said.
fn report_changes(root: &Path, mode: Mode, base: Option<String>) -> Result<()> {
    let base = match base {
        Some(base) => base,
        None => release_base(root),
    };
    let old_text = match git_show(root, &base, SPEC_PATH) {
        Ok(text) => text,
        Err(error) => {
            println!("no spec change report: {error:#}");
            return Ok(());
        }
    };
    let old = spec::parse(&old_text, &format!("{SPEC_PATH} at {base}"))?;
    let new = spec::load(&root.join(SPEC_PATH))?;
    let changes = report::compare(&old, &new);
    if changes.is_empty() {
        println!("no change to the Rust API in the spec since {base}");
        return Ok(());
    }
    println!("spec changes since {base}, for Rust callers:");
    for change in &changes {
        println!("  {:<10}  {change}", change.level.to_string());
    }
    let level = changes
        .iter()
        .map(|c| c.level)
        .max()
        .unwrap_or(Level::Compatible);
    let mut problems = version_problem(root, &base, level)?
        .into_iter()
        .collect::<Vec<_>>();
    let changelog_path = root.join(changelog::PATH);
    let text = std::fs::read_to_string(&changelog_path)
        .with_context(|| format!("cannot read {}", changelog_path.display()))?;
    match mode {
        Mode::Write => {
            let recorded = changelog::record(&text, &changes)?;
            if recorded != text {
                std::fs::write(&changelog_path, recorded)
                    .with_context(|| format!("cannot write {}", changelog_path.display()))?;
                println!("recorded them in {} (Unreleased)", changelog::PATH);
            }
            for problem in problems {
                println!("note: {problem}");
            }
            Ok(())
        }
        Mode::Check => {
            let missing: Vec<&Change> = changelog::missing(&text, &changes);
            if !missing.is_empty() {
                problems.push(format!(
                    "{} lacks {} of them in its Unreleased section; run `cargo xtask codegen` to add them",
                    changelog::PATH,
                    missing.len()
                ));
            }
            if problems.is_empty() {
                Ok(())
            } else {
                bail!("{}", problems.join("\n"))
            }
        }
    }
}

/// Whether the workspace version is lower than changes of `level` since
/// `base` need, said as what to do.
fn version_problem(root: &Path, base: &str, level: Level) -> Result<Option<String>> {
    let manifest =
        std::fs::read_to_string(root.join("Cargo.toml")).context("cannot read Cargo.toml")?;
    let current = changelog::workspace_version(&manifest)
        .and_then(|v| report::parse_version(&v))
        .context("Cargo.toml has no [workspace.package] version")?;
    let Some(base_version) = git_show(root, base, "Cargo.toml")
        .ok()
        .and_then(|text| changelog::workspace_version(&text))
        .and_then(|v| report::parse_version(&v))
    else {
        return Ok(None);
    };
    let needed = report::required_version(base_version, level);
    let show = |(a, b, c): (u64, u64, u64)| format!("{a}.{b}.{c}");
    println!(
        "version: {} at {base}; {level} changes need at least {} (0.x: breaking = minor bump, \
         compatible = patch); the workspace is at {}",
        show(base_version),
        show(needed),
        show(current)
    );
    Ok((current < needed).then(|| {
        format!(
            "the workspace version {} is lower than the spec changes need: set [workspace.package] version = \"{}\" in Cargo.toml (and the path dependencies' versions beside it)",
            show(current),
            show(needed)
        )
    }))
}

/// `git show REV:PATH` in the workspace.
fn git_show(root: &Path, rev: &str, path: &str) -> Result<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git cannot show {path} at {rev}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).with_context(|| format!("{path} at {rev} is not UTF-8"))
}

/// The last release, to compare with: the most recent `v*` tag; without
/// tags, the newest commit whose workspace version differs from HEAD's (the
/// state of the release before the version was bumped); else `HEAD`.
pub fn release_base(root: &Path) -> String {
    latest_tag(root)
        .or_else(|| previous_version_commit(root))
        .unwrap_or_else(|| "HEAD".to_owned())
}

fn previous_version_commit(root: &Path) -> Option<String> {
    let version_at = |rev: &str| {
        git_show(root, rev, "Cargo.toml")
            .ok()
            .and_then(|text| changelog::workspace_version(&text))
    };
    let head = version_at("HEAD")?;
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-list", "HEAD", "--", "Cargo.toml"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let revs: Vec<&str> = text.lines().collect();
    // Newest first: the commits at HEAD's version, then the first one at
    // another. The oldest of the former set the version; its parent is the
    // release before.
    let older = revs
        .iter()
        .position(|rev| version_at(rev).is_some_and(|version| version != head))?;
    let bump = revs.get(older.checked_sub(1)?)?;
    Some(format!("{bump}^"))
}

/// The most recent release tag (`v*`) reachable from HEAD, if any.
fn latest_tag(root: &Path) -> Option<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["describe", "--tags", "--abbrev=0", "--match", "v*"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .filter(|tag| !tag.is_empty())
}

/// The complete text of the generated module.
pub fn generate(spec_path: &Path) -> Result<String> {
    let mut spec = spec::load(spec_path)?;
    spec::prepare_for_generation(&mut spec)?;
    let open_enums = open_enums::collect(&spec)?;
    let settings_registry = settings::collect(&spec)
        .with_context(|| format!("{} breaks the settings convention", spec_path.display()))?;

    let mut settings = GenerationSettings::new();
    settings
        // Positional methods read like the API (`get_person_barge_in(id, org, tracking)`)
        // and keep the generated surface small for the ergonomic crate to wrap.
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        // Every request passes through hooks implemented by hand in the client crate
        // (src/hooks.rs): they add the bearer token held in `RequestContext` and keep
        // the status of error responses whose body is not JSON. (The `api-version`
        // header progenitor always sends, which Webex does not define, is removed
        // from the generated code by lean_requests.)
        .with_inner_type(quote!(crate::RequestContext))
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq");
    for open_enum in &open_enums {
        // The open enum is injected into the generated `types` module; the full path
        // (the client crate re-exports that module at its root) also resolves from the
        // client's methods, where an enum used as a query parameter is referenced.
        settings.with_replacement(
            &open_enum.name,
            format!("crate::types::{}", open_enum.name),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }

    let mut generator = Generator::new(&settings);
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|error| anyhow::anyhow!("progenitor rejected {}: {error}", spec_path.display()))?;
    let mut file: syn::File =
        syn::parse2(tokens).context("progenitor produced tokens that are not a Rust file")?;
    let types = types_module(&mut file)?;
    harden::harden_types(types)?;
    inject_open_enums(types, &open_enums)?;
    let round_trip = harden::schema_round_trip(&type_names(types));
    types.push(syn::parse2(round_trip).context("the schema round trip is not valid Rust")?);
    check_methods(&file, &settings_registry)?;
    let registry: syn::File = syn::parse2(settings::tokens(&settings_registry))
        .context("the settings registry is not valid Rust")?;
    file.items.extend(registry.items);
    use_strict_path_encoding(&mut file)?;
    lean_requests::apply(&mut file)?;
    small_futures::apply(&mut file)?;
    Ok(format!("{HEADER}{}", prettyplease::unparse(&file)))
}

/// The items of `pub mod types`.
fn types_module(file: &mut syn::File) -> Result<&mut Vec<syn::Item>> {
    file.items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
            _ => None,
        })
        .map(|(_, items)| items)
        .context("progenitor output has no `types` module")
}

/// Appends the open enums to `pub mod types`, where the replaced references point.
fn inject_open_enums(
    types: &mut Vec<syn::Item>,
    open_enums: &[open_enums::OpenEnum],
) -> Result<()> {
    for open_enum in open_enums {
        let tokens = open_enum.tokens()?;
        let items: syn::File = syn::parse2(tokens)
            .with_context(|| format!("open enum {} is not valid Rust", open_enum.name))?;
        types.extend(items.items);
    }
    Ok(())
}

/// The structs and enums of `types`, by name.
fn type_names(types: &[syn::Item]) -> Vec<String> {
    let mut names: Vec<String> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item.ident.to_string()),
            syn::Item::Enum(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    names.sort();
    names
}

/// Every method the settings registry calls exists on the generated client
/// (the registry derives the names from operationIds, as progenitor does).
fn check_methods(file: &syn::File, registry: &[settings::SettingSpec]) -> Result<()> {
    let mut methods = Vec::new();
    for item in &file.items {
        if let syn::Item::Impl(block) = item
            && block.trait_.is_none()
        {
            for member in &block.items {
                if let syn::ImplItem::Fn(function) = member {
                    methods.push(function.sig.ident.to_string());
                }
            }
        }
    }
    for setting in registry {
        for method in setting.methods() {
            if !methods.iter().any(|m| m == method) {
                bail!(
                    "setting {} calls Client::{method}, which progenitor did not generate; \
                     write the operationId as get<Kind><Setting> / update<Kind><Setting> in camelCase",
                    setting.name
                );
            }
        }
    }
    Ok(())
}

/// Removes progenitor's `encode_path` from the generated code's imports.
///
/// progenitor's `encode_path` does not encode `\`, which the URL parser then turns
/// into `/`, so an id containing a backslash would address another resource.
/// `lean_requests` builds every URL with `crate::api_url::build` instead, which
/// encodes each segment fully; without the import, a URL it failed to rewrite
/// cannot fall back to progenitor's encoder: the generated code does not compile.
fn use_strict_path_encoding(file: &mut syn::File) -> Result<()> {
    let mut replaced = false;
    for item in &mut file.items {
        let syn::Item::Use(item_use) = item else {
            continue;
        };
        let syn::UseTree::Path(root) = &mut item_use.tree else {
            continue;
        };
        if root.ident != "progenitor_client" {
            continue;
        }
        let syn::UseTree::Group(group) = root.tree.as_mut() else {
            continue;
        };
        let before = group.items.len();
        group.items = std::mem::take(&mut group.items)
            .into_iter()
            .filter(|tree| !matches!(tree, syn::UseTree::Name(name) if name.ident == "encode_path"))
            .collect();
        replaced |= group.items.len() != before;
    }
    if !replaced {
        bail!(
            "progenitor output no longer imports `progenitor_client::encode_path`; \
             update use_strict_path_encoding in xtask/src/codegen.rs"
        );
    }
    Ok(())
}

/// Line number and a few lines either side of the first difference, or `None`.
fn first_difference(committed: &str, generated: &str) -> Option<String> {
    if committed == generated {
        return None;
    }
    let old: Vec<&str> = committed.lines().collect();
    let new: Vec<&str> = generated.lines().collect();
    let index = old
        .iter()
        .zip(&new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    let show = |lines: &[&str], sign: char| -> String {
        lines
            .iter()
            .enumerate()
            .skip(index)
            .take(6)
            .map(|(number, line)| format!("{sign}{:>6} | {line}\n", number + 1))
            .collect()
    };
    let committed_part = if old.is_empty() {
        "- (file missing or empty)\n".to_owned()
    } else {
        show(&old, '-')
    };
    Some(format!(
        "first difference at line {}:\n{committed_part}{}",
        index + 1,
        show(&new, '+')
    ))
}

#[cfg(test)]
mod tests {
    use super::{OUTPUT_PATH, SPEC_PATH, first_difference, generate};
    use std::path::PathBuf;

    fn root() -> PathBuf {
        crate::workspace_root().expect("the tests run inside the workspace")
    }

    /// A scratch directory of its own for one test, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("create a scratch directory");
            Self(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            // Cleanup only; a leftover directory in the temp dir harms nothing.
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn committed_client_is_what_the_spec_generates() -> anyhow::Result<()> {
        let generated = generate(&root().join(SPEC_PATH))?;
        let committed = std::fs::read_to_string(root().join(OUTPUT_PATH))?;
        assert!(
            first_difference(&committed, &generated).is_none(),
            "run `cargo xtask codegen`"
        );
        Ok(())
    }

    #[test]
    fn generation_is_deterministic() -> anyhow::Result<()> {
        let spec = root().join(SPEC_PATH);
        let first = generate(&spec)?;
        assert!(!first.is_empty());
        assert_eq!(first, generate(&spec)?);
        Ok(())
    }

    #[test]
    fn a_new_spec_property_reaches_the_generated_client() -> anyhow::Result<()> {
        let original = std::fs::read_to_string(root().join(SPEC_PATH))?;
        let anchor = "        toneEnabled:\n          type: boolean\n          description: Whether a stutter tone";
        assert!(
            original.contains(anchor),
            "test anchor moved; update this test"
        );
        let edited = original.replacen(
            anchor,
            &format!(
                "        holdMusicEnabled:\n          type: boolean\n          description: Added by a test.\n{anchor}"
            ),
            1,
        );
        let dir = Scratch::new("xtask-codegen-test");
        let spec = dir.0.join("webex-calling.yaml");
        std::fs::write(&spec, edited)?;
        let generated = generate(&spec)?;
        assert!(
            generated.contains("pub hold_music_enabled: ::std::option::Option<bool>"),
            "new property missing from the generated client"
        );
        let committed = std::fs::read_to_string(root().join(OUTPUT_PATH))?;
        assert!(
            first_difference(&committed, &generated).is_some(),
            "--check must fail until the client is regenerated"
        );
        Ok(())
    }

    #[test]
    fn openapi_3_1_is_refused_with_a_clear_message() -> anyhow::Result<()> {
        let dir = Scratch::new("xtask-codegen-31");
        let spec = dir.0.join("spec.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        )?;
        let error = generate(&spec).expect_err("a 3.1 document must be refused");
        let error = format!("{error:#}");
        assert!(error.contains("3.0.x only"), "{error}");
        Ok(())
    }

    #[test]
    fn identical_texts_have_no_difference() {
        assert!(first_difference("a\nb\n", "a\nb\n").is_none());
    }

    #[test]
    fn report_names_the_first_differing_line() {
        let report = first_difference("a\nb\nc\n", "a\nx\nc\n").expect("the texts differ");
        assert!(report.contains("line 2"), "{report}");
        assert!(report.contains("-     2 | b"), "{report}");
        assert!(report.contains("+     2 | x"), "{report}");
    }

    #[test]
    fn appended_lines_are_reported() {
        let report = first_difference("a\n", "a\nb\n").expect("the texts differ");
        assert!(report.contains("line 2"), "{report}");
        assert!(report.contains("+     2 | b"), "{report}");
    }
}
