#!/usr/bin/env bash
# Packages the publishable crates (those without `publish = false`) and runs
# each one's own tests from the unpacked packages, as a user of crates.io
# would build them: nothing outside a package (../../spec, a sibling's
# sources) is reachable. The unpacked packages form a scratch workspace whose
# [patch.crates-io] points at each other, since none is on crates.io yet.
#
# `cargo package --workspace` would also package the unpublishable members
# (xtask, contract-tests), so they are excluded by name from `cargo metadata`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}

publishable=$(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
meta = json.load(sys.stdin)
print(" ".join(p["name"] for p in meta["packages"] if p.get("publish") != []))')
excluded=$(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
meta = json.load(sys.stdin)
print(" ".join("--exclude " + p["name"] for p in meta["packages"] if p.get("publish") == []))')
echo "publishable: $publishable"

dirty=()
[ -n "$(git status --porcelain 2>/dev/null)" ] && dirty=(--allow-dirty)
# shellcheck disable=SC2086
cargo package --workspace $excluded --no-verify --locked "${dirty[@]}"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
members=()
patches=()
version=$(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys; print(json.load(sys.stdin)["packages"][0]["version"])')
for name in $publishable; do
  tar -xzf "$target/package/$name-$version.crate" -C "$scratch"
  members+=("\"$name-$version\"")
  patches+=("$name = { path = \"$name-$version\" }")
done
{
  echo "[workspace]"
  echo "resolver = \"3\""
  echo "members = [$(IFS=,; echo "${members[*]}")]"
  echo
  echo "[patch.crates-io]"
  printf '%s\n' "${patches[@]}"
} > "$scratch/Cargo.toml"
# The same dependency versions as the workspace's lock file.
cp Cargo.lock "$scratch/Cargo.lock"
cd "$scratch"
# The workspace's target directory: the dependencies are built already.
CARGO_TARGET_DIR="$target" cargo test --workspace
echo "every publishable package's tests pass from its unpacked package"
