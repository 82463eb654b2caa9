#!/usr/bin/env bash
# Instructions per read of the reads bench's paths (issue 19), counted by
# valgrind's callgrind: a figure that, unlike time, barely moves with the
# machine's load, so a change of a few hundred instructions per read shows
# even when the timed ratio of `cargo bench -p webex-calling --bench reads`
# is lost in noise. Each path runs READS_N reads at concurrency 64 against
# the mock on loopback (the bench's `READS_PROFILE` mode); a one-read run of
# the same binary measures setup (building the mock's people, the runtimes),
# which is subtracted. The client is the bench's main thread; the mock
# server's threads are counted apart, since the headers a client sends cost
# the server too. Ratios are against bare reqwest measured in this run.
#
# User-space instructions only: the kernel's share (the TCP loopback, about
# as large) is the same for every path and is not counted, nor are cache
# misses, so this measures the library's own work, not the timed ratio.
#
# Usage: [READS_N=20000] scripts/bench-instructions.sh
# Needs valgrind (apt-get install -y valgrind).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is missing (apt-get install -y valgrind)" >&2; exit 2; }
n=${READS_N:-20000}
[[ "$n" =~ ^[0-9]+$ && "$n" -ge 2 ]] || { echo "bench-instructions: READS_N must be a whole number of at least 2, not '$n'" >&2; exit 2; }

# Built (or found up to date) by cargo, which names the binary it made.
bench=$(cargo bench -p webex-calling --bench reads --no-run --message-format=json 2>/dev/null |
  sed -n 's/.*"executable":"\([^"]*\/reads-[^"]*\)".*/\1/p' | tail -1)
[[ -x "$bench" ]] || { echo "bench-instructions: could not build or find the reads bench binary" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs one path under callgrind; prints "<client> <server>" instructions.
count() {
  local path=$1 reads=$2
  READS_PROFILE=$path READS_N=$reads timeout 900 valgrind --tool=callgrind --separate-threads=yes \
    --callgrind-out-file="$work/$path.$reads.%p" "$bench" --bench >"$work/$path.$reads.log" 2>&1 ||
    { echo "bench-instructions: the $path run failed; see its output:" >&2; tail -20 "$work/$path.$reads.log" >&2; exit 1; }
  awk '/^summary:/ { if (FILENAME ~ /-01$/) client += $2; else server += $2 }
       END { printf "%d %d\n", client, server }' "$work/$path.$reads".*-[0-9]*
}

read -r setup_client setup_server < <(count bare 1)
declare -A client server
for path in bare generated webex; do
  read -r c s < <(count "$path" "$n")
  client[$path]=$(( (c - setup_client) / (n - 1) ))
  server[$path]=$(( (s - setup_server) / (n - 1) ))
done

echo "instructions per read, $n reads at concurrency 64 (user space; client thread | mock server):"
for path in bare generated webex; do
  awk -v p="$path" -v c="${client[$path]}" -v s="${server[$path]}" \
    -v bc="${client[bare]}" -v bs="${server[bare]}" 'BEGIN {
      printf "  %-10s %7d | %6d   bare/this: client %.3fx, client+server %.3fx\n",
        p, c, s, bc / c, (bc + bs) / (c + s) }'
done
