//! The README's quickstart names the version a downstream crate should
//! depend on; it drifted once (0.1 after the bump to 0.2), so it is checked.

#[test]
fn readme_dependency_matches_the_crate_version() {
    version_sync::assert_markdown_deps_updated!("README.md");
}
