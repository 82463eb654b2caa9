#!/usr/bin/env bash
# The maintainer's scenarios of issue 15, on a scratch copy of HEAD:
#   1. Webex adds an optional response field holding an inline enum, and a
#      value to an existing enum: `cargo xtask codegen` reports both as
#      compatible (a patch bump); a downstream crate written the documented
#      way (scripts/downstream) compiles unchanged against the regenerated
#      client and decodes a value neither enum lists.
#   2. A required response field becomes optional: reported breaking, and
#      `cargo xtask codegen --check` fails until the version is bumped.
# Exits non-zero when any expectation fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
# A target directory of its own: the copy has the same layout as this
# checkout, so cargo would give its crates the same artifact names and the
# two builds would overwrite each other's (stale artifacts afterwards).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/compat-scenarios"
scratch=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$scratch/copy" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
git worktree add --quiet --detach "$scratch/copy" HEAD
copy=$scratch/copy
fail() { echo "FAILED: $*" >&2; exit 1; }

echo "==> the downstream crate builds against the client as it is"
cargo run --quiet --manifest-path "$copy/scripts/downstream/Cargo.toml" >/dev/null

echo "==> scenario 1: an optional field with an inline enum, and a new enum value"
python3 - "$copy/spec/webex-calling.yaml" <<'PY'
import sys
path = sys.argv[1]
spec = open(path).read()
anchor = "        toneEnabled:\n          type: boolean\n          description: Whether a stutter tone"
assert anchor in spec, "anchor moved"
spec = spec.replace(anchor, """        bargeInAnnouncement:
          type: string
          description: What the other parties hear when the target barges in.
          enum:
            - BEEP
            - VOICE
""" + anchor, 1)
enum = "      enum:\n        - ONE_WAY\n        - TWO_WAY\n"
assert enum in spec, "enum moved"
spec = spec.replace(enum, enum + "        - PRIVATE\n", 1)
open(path, "w").write(spec)
PY
report=$(cd "$copy" && cargo xtask codegen --base HEAD)
echo "$report"
grep -q "compatible  field BargeInSettings.bargeInAnnouncement added" <<<"$report" || fail "the new field is not reported compatible"
grep -q "compatible  enum value PushToTalkConnectionType PRIVATE added" <<<"$report" || fail "the new value is not reported compatible"
grep -q "^  breaking" <<<"$report" && fail "something is reported breaking"
grep -q "need at least 0\.[0-9]*\.[1-9]" <<<"$report" || fail "no patch bump asked for"
echo "==> the downstream crate compiles unchanged and decodes unlisted values"
cargo run --quiet --manifest-path "$copy/scripts/downstream/Cargo.toml" || fail "downstream broke"

echo "==> scenario 2: a required response field becomes optional"
git -C "$copy" checkout --quiet -- .
python3 - "$copy/spec/webex-calling.yaml" <<'PY'
import sys
path = sys.argv[1]
spec = open(path).read()
required = "      required:\n        - enabled\n        - toneEnabled\n"
assert required in spec, "anchor moved"
spec = spec.replace(required, "      required:\n        - enabled\n", 1)
open(path, "w").write(spec)
PY
(cd "$copy" && cargo xtask codegen --base HEAD >/dev/null)
if check=$(cd "$copy" && cargo xtask codegen --check --base HEAD 2>&1); then
  echo "$check"
  fail "--check passed without a version bump"
fi
echo "$check"
grep -q "breaking    field BargeInSettings.toneEnabled changed: required -> optional" <<<"$check" || fail "not reported breaking"
grep -q "version = \"0\.[0-9]*\.0\"" <<<"$check" || fail "--check does not ask for a minor bump"
echo "every scenario behaved as expected"
