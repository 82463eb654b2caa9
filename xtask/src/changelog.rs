//! `CHANGELOG.md` (Keep a Changelog) and the workspace version: where the
//! spec report's lines are recorded, and what `--check` holds them to.

use crate::report::Change;
use anyhow::{Context, Result};

/// The changelog, relative to the workspace root.
pub const PATH: &str = "CHANGELOG.md";

/// The `[workspace.package] version` of a workspace manifest.
pub fn workspace_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[workspace.package]";
            continue;
        }
        if in_package
            && let Some(value) = line.strip_prefix("version")
            && let Some(value) = value.trim_start().strip_prefix('=')
        {
            return Some(value.trim().trim_matches('"').to_owned());
        }
    }
    None
}

/// The changelog line of a change.
pub fn line(change: &Change) -> String {
    match change.level {
        crate::report::Level::Breaking => format!("- **Breaking:** {change}."),
        crate::report::Level::Compatible => format!("- {change}."),
    }
}

fn heading(change: &Change) -> &'static str {
    match change.verb {
        "added" => "### Added",
        "removed" => "### Removed",
        _ => "### Changed",
    }
}

/// The `## [Unreleased]` section: its start and end (the next `## `).
fn unreleased(text: &str) -> Option<(usize, usize)> {
    let start = text.find("## [Unreleased]")?;
    let body = start + "## [Unreleased]".len();
    let end = text[body..]
        .find("\n## ")
        .map_or(text.len(), |i| body + i + 1);
    Some((start, end))
}

/// The changes whose line the Unreleased section lacks.
pub fn missing<'a>(text: &str, changes: &'a [Change]) -> Vec<&'a Change> {
    let section = unreleased(text).map_or("", |(start, end)| &text[start..end]);
    changes
        .iter()
        .filter(|change| !section.contains(&line(change)))
        .collect()
}

/// `text` with the missing lines added to the Unreleased section, under
/// Added, Changed or Removed (made when absent).
pub fn record(text: &str, changes: &[Change]) -> Result<String> {
    let mut text = text.to_owned();
    for change in missing(&text.clone(), changes) {
        let (start, end) = unreleased(&text).context(
            "CHANGELOG.md has no `## [Unreleased]` section to record the spec changes in",
        )?;
        let section = &text[start..end];
        let heading = heading(change);
        let insert_at = match section.find(heading) {
            Some(at) => {
                let after = start + at + heading.len();
                // After the last bullet of that subsection.
                let rest = &text[after..end];
                let stop = rest.find("\n### ").map_or(rest.len(), |i| i + 1);
                let mut at = after + rest[..stop].trim_end().len();
                if at < after {
                    at = after;
                }
                text.insert(at, '\n');
                at + 1
            }
            None => {
                let at = start + section.trim_end().len();
                text.insert_str(at, &format!("\n\n{heading}\n"));
                at + heading.len() + 3
            }
        };
        text.insert_str(insert_at, &line(change));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Level;

    fn change(level: Level, verb: &'static str, subject: &str) -> Change {
        Change {
            level,
            verb,
            subject: subject.to_owned(),
            detail: String::new(),
        }
    }

    #[test]
    fn lines_go_under_their_heading_once() {
        let text =
            "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- something.\n\n## [0.1.0]\n\n- old.\n";
        let changes = [
            change(Level::Compatible, "added", "schema T"),
            change(Level::Breaking, "removed", "field S.a"),
        ];
        let once = record(text, &changes).expect("recorded");
        assert_eq!(
            once,
            "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- something.\n- schema T added.\n\n### Removed\n- **Breaking:** field S.a removed.\n\n## [0.1.0]\n\n- old.\n"
        );
        assert_eq!(record(&once, &changes).expect("recorded"), once);
        assert!(missing(&once, &changes).is_empty());
    }

    #[test]
    fn the_workspace_version_is_read() {
        let manifest = "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"0.2.0\"\n";
        assert_eq!(workspace_version(manifest).as_deref(), Some("0.2.0"));
    }
}
