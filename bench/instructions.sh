#!/usr/bin/env bash
# `make instructions`: the instruction-count guard (issue 18). Counts the instructions a release
# build executes auditing a fixed small dump (callgrind; counts, not times, so it holds on noisy
# machines), divides by the number of declarations and compares with the number committed in
# bench/instructions-per-declaration.txt; fails beyond ±10 %.
#
# The input: bench/generate.py's dump of 3 MiB (fixed seed, about 1,400 declarations, processing
# ones included), --jobs 1, a fixed --as-of, all four reports written.
#
# Environment:
#   INSTRUCTIONS_UPDATE  set to 1 to write the measured number into the file instead of comparing
#   BENCH_SCRATCH        SwiftPM scratch folder for the release build (default .build)
#   SWIFT                the swift driver (default swift)
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${BENCH_SCRATCH:-.build}
SWIFT=${SWIFT:-swift}
EXPECTED_FILE=bench/instructions-per-declaration.txt
TOLERANCE=10
WORK=$(mktemp -d "${TMPDIR:-/tmp}/declaudit-instructions.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

say() { printf '%s\n' "$*" >&2; }
# Swift seeds its hash functions per process: fixed, sets and dictionaries take the same paths in
# every run, and the count repeats to a few instructions in a million.
export SWIFT_DETERMINISTIC_HASHING=1

if ! command -v valgrind >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    say "installing: valgrind"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
  else
    say "missing: valgrind (run as root, or: sudo apt-get install valgrind)"; exit 1
  fi
fi

say "building declaudit (release, $SCRATCH)"
"$SWIFT" build -c release --scratch-path "$SCRATCH" >&2
BIN=$("$SWIFT" build -c release --scratch-path "$SCRATCH" --show-bin-path)/declaudit
# valgrind 3.19 cannot read Swift 6.3's debug info; a copy without it runs the same code.
cp "$BIN" "$WORK/declaudit"
strip -g "$WORK/declaudit"

python3 bench/generate.py dump 3 "$WORK/dump.xml" >&2
declarations=$(grep -c '<Declaration>' "$WORK/dump.xml")

status=0
valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" --log-file="$WORK/valgrind.log" \
  "$WORK/declaudit" audit --quiet --jobs 1 --as-of 2026-12-01 --out "$WORK/report" "$WORK/dump.xml" || status=$?
if [ "$status" -gt 1 ]; then  # 1 means findings
  say "declaudit under valgrind: exit status $status"; cat "$WORK/valgrind.log" >&2; exit 1
fi
for report in findings.csv report.json report.html findings.xlsx; do
  [ -s "$WORK/report/$report" ] || { say "no $report written"; exit 1; }
done

total=$(awk '/^(summary|totals):/ { print $2; exit }' "$WORK/callgrind.out")
per=$(awk -v t="$total" -v d="$declarations" 'BEGIN { printf "%.0f", t / d }')
say "$total instructions, $declarations declarations: $per per declaration"

if [ "${INSTRUCTIONS_UPDATE:-0}" = 1 ]; then
  {
    echo "# Instructions per declaration, bench/instructions.sh (callgrind, release, 3 MiB dump, --jobs 1)."
    echo "# Written by INSTRUCTIONS_UPDATE=1 make instructions; the guard fails beyond ±$TOLERANCE %."
    echo "$per"
  } > "$EXPECTED_FILE"
  say "wrote $per to $EXPECTED_FILE"
  exit 0
fi

expected=$(grep -v '^#' "$EXPECTED_FILE" | head -1)
change=$(awk -v p="$per" -v e="$expected" 'BEGIN { printf "%+.1f", 100 * (p - e) / e }')
say "committed: $expected per declaration; measured: $per ($change %)"
if awk -v c="$change" -v t="$TOLERANCE" 'BEGIN { exit !(c > t || c < -t) }'; then
  say "beyond ±$TOLERANCE %: find the cause, or if the change is meant, INSTRUCTIONS_UPDATE=1 make instructions"
  exit 1
fi
