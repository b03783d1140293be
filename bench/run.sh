#!/usr/bin/env bash
# `make bench`: builds declaudit (release) and the libxml2 floor program, generates the inputs
# (deterministic; kept in bench/data between runs), measures everything side by side in one run
# and writes the table to bench/results.md.
#
# Environment:
#   BENCH_RUNS      rounds (each contender runs once per round), best one kept (default 5)
#   BENCH_SCRATCH   SwiftPM scratch folder for the release build (default .build)
#   BENCH_SKIP_1G   set to 1 to skip the 1 GiB memory run (it needs 1 GiB of disk in bench/data)
#   BENCH_1G_RUNS   runs of the 1 GiB dump, best one kept (default 2)
#   SWIFT           the swift driver (default swift)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-5}
SCRATCH=${BENCH_SCRATCH:-.build}
SWIFT=${SWIFT:-swift}
DATA=bench/data
WORK=$(mktemp -d "${TMPDIR:-/tmp}/declaudit-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

say() { printf '%s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------------
need_packages=""
command -v xmllint >/dev/null || need_packages="$need_packages libxml2-utils"
[ -x /usr/bin/time ] || need_packages="$need_packages time"
command -v gzip >/dev/null || need_packages="$need_packages gzip"
pkg-config --exists libxml-2.0 2>/dev/null || need_packages="$need_packages libxml2-dev pkg-config"
command -v cc >/dev/null || need_packages="$need_packages gcc libc6-dev"
if [ -n "$need_packages" ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing:$need_packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need_packages >/dev/null
  else
    say "missing:$need_packages (run as root, or: sudo apt-get install$need_packages)"; exit 1
  fi
fi

# --- builds ----------------------------------------------------------------------------------
say "building declaudit (release, $SCRATCH)"
"$SWIFT" build -c release --scratch-path "$SCRATCH" >&2
DECLAUDIT=$("$SWIFT" build -c release --scratch-path "$SCRATCH" --show-bin-path)/declaudit
mkdir -p "$DATA"
FLOOR=$DATA/floor
say "building the floor (bench/floor.c)"
cc -O2 -o "$FLOOR" bench/floor.c $(pkg-config --cflags --libs libxml-2.0)

say "building the allocation guard and the reader-only tool (bench/Allocations)"
"$SWIFT" build -c release --package-path bench/Allocations >&2
GUARD_BIN=$("$SWIFT" build -c release --package-path bench/Allocations --show-bin-path)

# --- inputs (regenerated when the generator changes) -------------------------------------------
stamp=$(sha256sum bench/generate.py | cut -c1-16)
if [ "$(cat "$DATA/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$DATA"/dump-* "$DATA"/ecus5-* "$DATA"/many-*
  echo "$stamp" > "$DATA/.stamp"
fi
generate() {  # generate TARGET ARGS...: runs the generator unless TARGET exists
  local target=$1; shift
  if [ ! -e "$target" ]; then
    say "generating $target"
    python3 bench/generate.py "$@" "$target.tmp" && mv "$target.tmp" "$target"
  fi
}
generate "$DATA/dump-25.xml" dump 25
generate "$DATA/dump-200.xml" dump 200
if [ ! -e "$DATA/dump-200.xml.gz" ]; then
  say "compressing dump-200.xml"
  gzip -n -6 -c "$DATA/dump-200.xml" > "$DATA/dump-200.xml.gz.tmp" && mv "$DATA/dump-200.xml.gz.tmp" "$DATA/dump-200.xml.gz"
fi
generate "$DATA/ecus5-2000" ecus5 2000
generate "$DATA/many-16x25" dumps 16 25
if [ "${BENCH_SKIP_1G:-0}" != 1 ]; then generate "$DATA/dump-1024.xml" dump 1024; fi

# --- measuring -------------------------------------------------------------------------------
# Every contender runs once per round, $RUNS rounds, so that a slow spell of the machine hits
# all of them alike; each keeps its best wall time (with that run's CPU time) and its largest
# peak RSS (from /usr/bin/time -v). Exit status 0 or 1 is success (1: findings).
declare -A WALL CPU RSS
NAMES=(); COMMANDS=()
add() { local name=$1; shift; NAMES+=("$name"); COMMANDS+=("$(printf '%q ' "$@")"); }
run_once() {
  local name=$1 command=$2 status=0
  eval "/usr/bin/time -v -o \"\$WORK/time\" $command" >"$WORK/out" 2>"$WORK/err" || status=$?
  if [ "$status" -gt 1 ]; then
    say "$name: exit status $status"; cat "$WORK/err" >&2; exit 1
  fi
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/time")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$WORK/time")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time")
  if [ -z "${WALL[$name]:-}" ] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN { exit !(a < b) }'; then
    WALL[$name]=$wall; CPU[$name]=$cpu
  fi
  if [ -z "${RSS[$name]:-}" ] || [ "$rss" -gt "${RSS[$name]}" ]; then RSS[$name]=$rss; fi
}

AUDIT=("$DECLAUDIT" audit --quiet --out "$WORK/report")

mib() { du -b --apparent-size -s "$1" | awk '{ printf "%.1f", $1 / 1048576 }'; }
DUMP_MIB=$(mib "$DATA/dump-200.xml")
GZ_MIB=$(mib "$DATA/dump-200.xml.gz")
ECUS_MIB=$(mib "$DATA/ecus5-2000")
MANY_MIB=$(mib "$DATA/many-16x25")
ECUS_FILES=("$DATA"/ecus5-2000/*.xml)
MANY_FILES=("$DATA"/many-16x25/*.xml)

add floor-dump "$FLOOR" "$DATA/dump-200.xml"
add xmllint-dump xmllint --stream --noout "$DATA/dump-200.xml"
add dump-j1 "${AUDIT[@]}" --jobs 1 "$DATA/dump-200.xml"
add gz-j1 "${AUDIT[@]}" --jobs 1 "$DATA/dump-200.xml.gz"
add reader-dump "$GUARD_BIN/reader-throughput" "$DATA/dump-200.xml"
add reader-gz "$GUARD_BIN/reader-throughput" "$DATA/dump-200.xml.gz"
add floor-ecus "$FLOOR" "${ECUS_FILES[@]}"
add xmllint-ecus xmllint --stream --noout "${ECUS_FILES[@]}"
add ecus-j1 "${AUDIT[@]}" --jobs 1 "$DATA/ecus5-2000"
add ecus-j2 "${AUDIT[@]}" --jobs 2 "$DATA/ecus5-2000"
add floor-many "$FLOOR" "${MANY_FILES[@]}"
add many-j1 "${AUDIT[@]}" --jobs 1 "$DATA/many-16x25"
add many-j2 "${AUDIT[@]}" --jobs 2 "$DATA/many-16x25"
add rss-25 "${AUDIT[@]}" --jobs 1 "$DATA/dump-25.xml"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# Warm the page cache so that every contender reads from memory.
cat "$DATA/dump-200.xml" "$DATA/dump-200.xml.gz" "$DATA/dump-25.xml" "$DATA"/ecus5-2000/*.xml "$DATA"/many-16x25/*.xml > /dev/null
for round in $(seq "$RUNS"); do
  say "round $round of $RUNS"
  for index in "${!NAMES[@]}"; do run_once "${NAMES[$index]}" "${COMMANDS[$index]}"; done
done
# The 1 GiB dump runs twice, best kept: one run on a noisy VM can be 30 % off.
RUNS_1G=${BENCH_1G_RUNS:-2}
if [ "${BENCH_SKIP_1G:-0}" != 1 ]; then
  say "the 1 GiB dump ($RUNS_1G runs)"
  cat "$DATA/dump-1024.xml" > /dev/null
  for _ in $(seq "$RUNS_1G"); do run_once rss-1g "$(printf '%q ' "${AUDIT[@]}" --jobs 1 "$DATA/dump-1024.xml")"; done
fi
for name in "${NAMES[@]}" ${RSS[rss-1g]:+rss-1g}; do
  say "$(printf '%-14s %7.2f s wall %7.2f s CPU %8d KiB' "$name" "${WALL[$name]}" "${CPU[$name]}" "${RSS[$name]}")"
done

say "what report.html and findings.xlsx add (bench/people.sh)"
bash bench/people.sh "$DECLAUDIT" "$DATA/dump-200.xml" "$WORK/people" > "$WORK/people.md"

say "counting allocations"
guard_status=0
LD_PRELOAD="$GUARD_BIN/libMallocInterposerSwift.so" "$GUARD_BIN/allocation-guard" > "$WORK/allocations.md" || guard_status=$?
cat "$WORK/allocations.md" >&2

# --- table -----------------------------------------------------------------------------------
rate() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.1f", m / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f %%", 100 * a / b }'; }
mibrss() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
check() { awk -v v="$1" -v t="$2" 'BEGIN { exit !(v >= t) }' && echo "met" || echo "**not met**"; }

floor_dump=$(rate "$DUMP_MIB" "${WALL[floor-dump]}")
xmllint_dump=$(rate "$DUMP_MIB" "${WALL[xmllint-dump]}")
dump_j1=$(rate "$DUMP_MIB" "${WALL[dump-j1]}")
gz_j1=$(rate "$DUMP_MIB" "${WALL[gz-j1]}")
reader_dump=$(rate "$DUMP_MIB" "${WALL[reader-dump]}")
reader_gz=$(rate "$DUMP_MIB" "${WALL[reader-gz]}")
floor_ecus=$(rate "$ECUS_MIB" "${WALL[floor-ecus]}")
xmllint_ecus=$(rate "$ECUS_MIB" "${WALL[xmllint-ecus]}")
ecus_j1=$(rate "$ECUS_MIB" "${WALL[ecus-j1]}")
ecus_j2=$(rate "$ECUS_MIB" "${WALL[ecus-j2]}")
floor_many=$(rate "$MANY_MIB" "${WALL[floor-many]}")
many_j1=$(rate "$MANY_MIB" "${WALL[many-j1]}")
many_j2=$(rate "$MANY_MIB" "${WALL[many-j2]}")
rss25=${RSS[rss-25]}
rss1g=${RSS[rss-1g]:-}

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
{
  echo "## $(date -u '+%Y-%m-%d'), declaudit $(git describe --always --dirty 2>/dev/null || echo '(no git)') (\`make bench\`)"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($cpu_model), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);"
  echo "libxml2 $(xml2-config --version 2>/dev/null || pkg-config --modversion libxml-2.0), $("$SWIFT" --version 2>&1 | head -1 | sed 's/ (.*//'),"
  echo "declaudit $(git describe --always --dirty 2>/dev/null || echo '(no git)'). Best of $RUNS rounds (each contender once per round), wall clock, page cache warm."
  echo "MiB/s counts uncompressed XML. The floor is bench/floor.c: libxml2 SAX2 through an I/O read callback,"
  echo "empty callbacks, declaudit's parser options. declaudit runs write all four reports (\`--out\`). \"Reader alone\" is"
  echo "bench/Allocations' reader-throughput: the same opener, parse and line selection, with a closure that only counts."
  echo "Load average before / after measuring: $LOAD_BEFORE / $LOAD_AFTER (anything else running skews the"
  echo "\`--jobs 2\` figures most: on 2 cores a second busy process leaves one core to the two workers)."
  echo
  echo "| run | input | MiB | wall s | CPU s | MiB/s | vs floor | vs xmllint --stream | peak RSS MiB |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  row() {  # row LABEL INPUT MIB KEY RATE FLOOR XMLLINT
    local x="–"; [ -n "$7" ] && x="$(ratio "$5" "$7")x"
    local f="–"; [ -n "$6" ] && f=$(pct "$5" "$6")
    echo "| $1 | $2 | $3 | ${WALL[$4]} | ${CPU[$4]} | $5 | $f | $x | $(mibrss "${RSS[$4]}") |"
  }
  row "floor (C, libxml2 SAX2)" "dump 200 MiB" "$DUMP_MIB" floor-dump "$floor_dump" "" ""
  row "\`xmllint --stream --noout\`" "dump 200 MiB" "$DUMP_MIB" xmllint-dump "$xmllint_dump" "$floor_dump" ""
  row "declaudit --jobs 1" "dump 200 MiB" "$DUMP_MIB" dump-j1 "$dump_j1" "$floor_dump" "$xmllint_dump"
  row "declaudit --jobs 1" "same, .gz ($GZ_MIB MiB)" "$DUMP_MIB" gz-j1 "$gz_j1" "$floor_dump" "$xmllint_dump"
  row "reader alone (no rules, ledger, reports)" "dump 200 MiB" "$DUMP_MIB" reader-dump "$reader_dump" "$floor_dump" "$xmllint_dump"
  row "reader alone (no rules, ledger, reports)" "same, .gz" "$DUMP_MIB" reader-gz "$reader_gz" "$floor_dump" "$xmllint_dump"
  row "floor (C, libxml2 SAX2)" "2,000 ECUS5 files" "$ECUS_MIB" floor-ecus "$floor_ecus" "" ""
  row "\`xmllint --stream --noout\`" "2,000 ECUS5 files" "$ECUS_MIB" xmllint-ecus "$xmllint_ecus" "$floor_ecus" ""
  row "declaudit --jobs 1" "2,000 ECUS5 files" "$ECUS_MIB" ecus-j1 "$ecus_j1" "$floor_ecus" "$xmllint_ecus"
  row "declaudit --jobs 2" "2,000 ECUS5 files" "$ECUS_MIB" ecus-j2 "$ecus_j2" "$floor_ecus" "$xmllint_ecus"
  row "floor (C, libxml2 SAX2)" "16 dumps of 25 MiB" "$MANY_MIB" floor-many "$floor_many" "" ""
  row "declaudit --jobs 1" "16 dumps of 25 MiB" "$MANY_MIB" many-j1 "$many_j1" "$floor_many" ""
  row "declaudit --jobs 2" "16 dumps of 25 MiB" "$MANY_MIB" many-j2 "$many_j2" "$floor_many" ""
  row "declaudit --jobs 1" "dump 25 MiB" "$(mib "$DATA/dump-25.xml")" rss-25 "$(rate "$(mib "$DATA/dump-25.xml")" "${WALL[rss-25]}")" "" ""
  if [ -n "$rss1g" ]; then
    row "declaudit --jobs 1 (best of $RUNS_1G)" "dump 1 GiB" "$(mib "$DATA/dump-1024.xml")" rss-1g "$(rate "$(mib "$DATA/dump-1024.xml")" "${WALL[rss-1g]}")" "" ""
  fi
  echo
  echo "| target | measured | |"
  echo "| --- | --- | --- |"
  echo "| plain dump \`--jobs 1\` ≥ 85 % of the floor | $(pct "$dump_j1" "$floor_dump") | $(check "$(ratio "$dump_j1" "$floor_dump")" 0.85) |"
  echo "| plain dump \`--jobs 1\` ≥ 2x \`xmllint --stream\` | $(ratio "$dump_j1" "$xmllint_dump")x | $(check "$(ratio "$dump_j1" "$xmllint_dump")" 2) |"
  echo "| (reader alone, plain dump: $(pct "$reader_dump" "$floor_dump") of the floor, $(ratio "$reader_dump" "$xmllint_dump")x xmllint; gzipped: $(pct "$reader_gz" "$floor_dump")) | | |"
  echo "| gzipped dump ≥ 75 % of the plain floor | $(pct "$gz_j1" "$floor_dump") | $(check "$(ratio "$gz_j1" "$floor_dump")" 0.75) |"
  echo "| \`--jobs 2\` ≥ 1.7x \`--jobs 1\`, 16 dumps | $(ratio "$many_j2" "$many_j1")x | $(check "$(ratio "$many_j2" "$many_j1")" 1.7) |"
  echo "| \`--jobs 2\` ≥ 1.7x \`--jobs 1\`, 2,000 ECUS5 files | $(ratio "$ecus_j2" "$ecus_j1")x | $(check "$(ratio "$ecus_j2" "$ecus_j1")" 1.7) |"
  echo "| peak RSS < 64 MiB (25 MiB dump) | $(mibrss "$rss25") MiB | $(check 65536 "$((rss25 + 1))") |"
  if [ -n "$rss1g" ]; then
    echo "| peak RSS < 64 MiB (1 GiB dump) | $(mibrss "$rss1g") MiB | $(check 65536 "$((rss1g + 1))") |"
    echo "| 1 GiB run's peak RSS ≤ 1.2x the 25 MiB run's | $(ratio "$rss1g" "$rss25")x | $(check 1.2 "$(ratio "$rss1g" "$rss25")") |"
  fi
  echo
  echo "What report.html and findings.xlsx add to a \`--jobs 1\` audit (bench/people.sh; budget: at most 10 % with one finding per 20 lines):"
  echo
  cat "$WORK/people.md"
  echo
  echo "Allocations while reading (bench/Allocations, ordo-one/malloc-interposer; counts, not times):"
  echo
  cat "$WORK/allocations.md"
} > "$WORK/results.md"
# The newest run goes first; earlier runs stay below it (each section names its commit).
{
  echo "# declaudit benchmark"
  echo
  cat "$WORK/results.md"
  echo
  [ -f bench/results.md ] && sed '1{/^# declaudit benchmark$/d}' bench/results.md | sed '1{/^$/d}'
} > "$WORK/all.md"
cp "$WORK/all.md" bench/results.md
cat "$WORK/results.md"
if [ "$guard_status" != 0 ]; then say "the allocation guard failed (status $guard_status)"; exit 1; fi
