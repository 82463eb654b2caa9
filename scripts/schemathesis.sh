#!/usr/bin/env bash
# An independent property-based tester against the mock: schemathesis
# (PyPI) generates requests from the spec, valid and not, and checks every
# answer against it (`--checks all`: status codes, schemas, headers, and
# that a wrong token is refused). Installs schemathesis if it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v st >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check 'schemathesis==4.32.5'
fi
cargo build --quiet --locked -p webex-calling-mock
log=$(mktemp)
./target/debug/webex-calling-mock --token schemathesis-token --bind 127.0.0.1:0 >"$log" 2>&1 &
mock=$!
trap 'kill "$mock" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 200); do
  url=$(grep -o 'http://[0-9.:]*/v1' "$log" | head -n 1 || true)
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "$url" ] || { cat "$log"; echo "the mock did not start" >&2; exit 1; }
st run spec/webex-calling.yaml --url "$url" --checks all \
  --header "Authorization: Bearer schemathesis-token" \
  --max-examples 100 --seed 1 --no-color
