#!/usr/bin/env bash
# Benchmarks of the wxc CLI against the webex-calling-mock binary on loopback
# (issue 5). Each figure is a ratio measured in this one run:
#
#   1. 20,000 ids, no rate limit, --concurrency 64, ndjson to a file:
#      wxc wall time / wrk's time for 20,000 GETs to the same mock  (target <= 1.5)
#   2. 5,000 ids, mock at --rate-limit 250:
#      wxc wall time / the ideal 20 s                               (target <= 1.15,
#      zero failures, 5,000 records)
#   3. 200,000 ids: wxc peak RSS (/usr/bin/time -v)                 (target < 64 MiB)
#
# Usage: scripts/bench-cli.sh [--no-build]
# Needs wrk and GNU time (apt-get install -y wrk time). Every step runs under
# `timeout`, and the mock servers started here are stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for tool in wrk /usr/bin/time timeout awk; do
  command -v "$tool" >/dev/null || { echo "bench-cli: $tool is missing (apt-get install -y wrk time)" >&2; exit 2; }
done
if [[ "${1:-}" != "--no-build" ]]; then
  cargo build --release -p wxc -p webex-calling-mock >&2
fi
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh

echo "== 1. 20,000 ids, no rate limit, --concurrency 64, ndjson to a file"
ids 20000 "$WORK/ids20k.txt"
start_mock --people 40000
# Warm-up, so neither side pays for a cold mock. Then the best of five wxc runs
# and of three wrk runs, since other work on the machine only ever adds time.
timeout 60 "$WXC" -q --base-url "$MOCK_URL" --token "$TOKEN" --concurrency 64 --ids-from "$WORK/ids20k.txt" \
  barge-in get -o ndjson >/dev/null 2>&1 || true
wxc_s=999
for _ in 1 2 3 4 5; do
  t0=$(now)
  timeout 300 "$WXC" -q --base-url "$MOCK_URL" --token "$TOKEN" --concurrency 64 --ids-from "$WORK/ids20k.txt" \
    barge-in get -o ndjson >"$WORK/out1.ndjson" 2>"$WORK/err1.txt" || true
  t1=$(now)
  [[ "$(records "$WORK/out1.ndjson")" -eq 20000 ]] || { echo "bench-cli: wxc wrote $(records "$WORK/out1.ndjson") records" >&2; exit 1; }
  wxc_s=$(awk -v a="$t0" -v b="$t1" -v m="$wxc_s" 'BEGIN { d = b - a; printf "%.3f", (d < m) ? d : m }')
done
# wrk runs for a fixed time (a thread that stops early does not end the run),
# so its figure is its best throughput converted to the time for 20,000 GETs.
wrk_s=999
for _ in 1 2 3; do
  wrk_out=$(WRK_IDS="$WORK/ids20k.txt" WRK_TOKEN="$TOKEN" \
    timeout 60 wrk -t2 -c64 -d4s -s scripts/bench-cli.lua "${MOCK_URL%/v1}" 2>&1)
  wrk_requests=$(sed -n 's/.*WRK_RESULT requests=\([0-9]*\).*/\1/p' <<<"$wrk_out")
  wrk_us=$(sed -n 's/.*duration_us=\([0-9]*\).*/\1/p' <<<"$wrk_out")
  wrk_errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$wrk_out")
  [[ "$wrk_errors" -eq 0 ]] || { echo "bench-cli: wrk saw $wrk_errors errors" >&2; exit 1; }
  wrk_s=$(awk -v us="$wrk_us" -v n="$wrk_requests" -v m="$wrk_s" \
    'BEGIN { d = us / 1e6 * 20000 / n; printf "%.3f", (d < m) ? d : m }')
  echo "   wrk -t2 -c64 -d4s: $wrk_requests requests in $(awk -v us="$wrk_us" 'BEGIN { printf "%.2f", us / 1e6 }')s"
done
echo "   wxc (best of 5): ${wxc_s}s for $(records "$WORK/out1.ndjson") records ($(failures "$WORK/out1.ndjson") failed)"
echo "   wrk (best of 3): ${wrk_s}s per 20,000 GETs"
echo "   $(tail -1 "$WORK/err1.txt")"
echo "   RATIO 1 (wxc / wrk): $(ratio "$wxc_s" "$wrk_s")  (target <= 1.5)"

echo "== 2. 5,000 ids, mock at --rate-limit 250 (ideal 20 s)"
ids 5000 "$WORK/ids5k.txt"
start_mock --people 10000 --rate-limit 250
# Let the token bucket fill, as it would be for a fresh run.
sleep 1.5
t0=$(now)
timeout 300 "$WXC" -q --base-url "$MOCK_URL" --token "$TOKEN" --ids-from "$WORK/ids5k.txt" \
  barge-in get -o ndjson >"$WORK/out2.ndjson" 2>"$WORK/err2.txt" || true
t1=$(now)
wxc_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
echo "   wxc: ${wxc_s}s, $(records "$WORK/out2.ndjson") records, $(failures "$WORK/out2.ndjson") failed"
echo "   $(tail -1 "$WORK/err2.txt")"
echo "   RATIO 2 (wxc / 20 s): $(ratio "$wxc_s" 20)  (target <= 1.15)"

echo "== 3. 200,000 ids: peak RSS"
ids 200000 "$WORK/ids200k.txt"
start_mock --people 400000
timeout 600 /usr/bin/time -v "$WXC" -q --base-url "$MOCK_URL" --token "$TOKEN" --concurrency 64 \
  --ids-from "$WORK/ids200k.txt" barge-in get -o ndjson >"$WORK/out3.ndjson" 2>"$WORK/err3.txt" || true
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$WORK/err3.txt")
wall=$(sed -n 's/.*Elapsed (wall clock) time.*: *\(.*\)/\1/p' "$WORK/err3.txt")
echo "   wxc: $(records "$WORK/out3.ndjson") records ($(failures "$WORK/out3.ndjson") failed) in $wall"
echo "   $(grep '^wxc:' "$WORK/err3.txt" | tail -1)"
echo "   PEAK RSS: $(awk -v kb="$rss_kb" 'BEGIN { printf "%.1f", kb / 1024 }') MiB  (target < 64 MiB)"
stop_mock
