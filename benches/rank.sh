#!/usr/bin/env bash
# `filtr rank` of a folder of resumes against one posting: cold (empty cache:
# every resume read and embedded), warm (the same again), and warm against a
# second posting (resume windows cached, so nothing is embedded).
#
#   benches/rank.sh RESUME_DIR [POSTING [SECOND_POSTING]]
#
# Defaults: the bundled corpus's pinterest-ml-ts, then p00003. Prints wall
# seconds and peak RSS of each run (GNU time), and filtr's own stage timings (-v).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: benches/rank.sh RESUME_DIR [POSTING [SECOND_POSTING]]}"
first="${2:-pinterest-ml-ts}"
second="${3:-p00003}"
cargo build --release -q
filtr="${FILTR_BIN:-$PWD/target/release/filtr}"
work="$PWD/target/bench/rank"
mkdir -p "$work"
export FILTR_CACHE_DIR="$work/cache"
rm -rf "$FILTR_CACHE_DIR"
count=$(find "$dir" -maxdepth 1 -type f | wc -l)
run() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$filtr" -v rank "$@" "$dir" --format json > "$work/out.json" 2> "$work/err.txt" || true
  read -r s kb < "$work/time.txt"
  printf '%-40s %7s s %6s MB   %s\n' "$label" "$s" "$((kb / 1024))" \
    "$(grep -o 'time: [a-z ]*: [0-9.]* ms' "$work/err.txt" | sed 's/time: //' | paste -sd';' | sed 's/;/; /g')"
}
echo "filtr rank, $count resumes in $dir"
run "cold: $first (empty cache)" "$first"
run "warm: $first again" "$first"
run "warm: a second posting, $second" "$second"
