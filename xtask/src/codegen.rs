//! `cargo xtask codegen [--check]`: spec -> progenitor -> prettyplease -> file.

use crate::{harden, open_enums, settings, spec};
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

/// Regenerates the client and writes or checks it.
pub fn run(root: &Path, mode: Mode) -> Result<()> {
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
        // (src/hooks.rs): they add the bearer token held in `RequestContext`, strip the
        // `api-version` header progenitor always sends (Webex defines none), and keep
        // the status of error responses whose body is not JSON.
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

/// Points the generated code at the client crate's own path-segment encoder.
///
/// progenitor's `encode_path` does not encode `\`, which the URL parser then turns
/// into `/`, so an id containing a backslash would address another resource. The
/// generated code imports `encode_path` from `progenitor_client`; that import is
/// swapped for `crate::path_segment::encode_path`, which encodes everything outside
/// RFC 3986's unreserved characters.
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
    file.items.insert(
        0,
        syn::parse_quote! {
            use crate::path_segment::encode_path;
        },
    );
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
