# Shared by the benchmark scripts: the release binaries, a mock server on
# loopback that is stopped on exit, id files and small number helpers.
# Sourced; expects `set -euo pipefail` and the repository root as cwd.

target="${CARGO_TARGET_DIR:-target}/release"
WXC="$target/wxc"
MOCK="$target/webex-calling-mock"
TOKEN=bench-token
WORK="$(mktemp -d)"
MOCK_PID=""

cleanup() {
  if [[ -n "$MOCK_PID" ]] && kill -0 "$MOCK_PID" 2>/dev/null; then
    kill "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }

# start_mock ARGS...: starts the mock in the background, sets MOCK_URL.
start_mock() {
  stop_mock
  "$MOCK" --token "$TOKEN" "$@" >"$WORK/mock.out" 2>"$WORK/mock.err" &
  MOCK_PID=$!
  for _ in $(seq 1 600); do
    if grep -q '^listening on ' "$WORK/mock.out" 2>/dev/null; then
      MOCK_URL="$(sed -n 's/^listening on //p' "$WORK/mock.out" | head -1)"
      return 0
    fi
    kill -0 "$MOCK_PID" 2>/dev/null || { cat "$WORK/mock.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench: the mock did not start within 60 s" >&2
  exit 1
}

stop_mock() {
  if [[ -n "$MOCK_PID" ]]; then
    kill "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
    MOCK_PID=""
  fi
}

# ids N FILE: N person ids with Webex Calling, from a mock with twice as many
# people (every seventh generated person has no calling, and is not listed).
ids() {
  # awk reads to the end, so the mock never dies of SIGPIPE under pipefail.
  timeout 60 "$MOCK" --people "$(($1 * 2))" --print-ids people | awk -v n="$1" 'NR <= n' >"$2"
  [[ "$(wc -l <"$2")" -eq "$1" ]] || { echo "bench: expected $1 ids" >&2; exit 1; }
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
records() { wc -l <"$1" | tr -d ' '; }
failures() { grep -c '"outcome":"failed"' "$1" || true; }
