#!/usr/bin/env bash
# Peak memory and time of filtr on a large generated JSON Lines corpus, to
# check that reading is bounded by the postings kept, not the file.
#
#   benches/big_corpus.sh [COUNT]          # default 1,300,000 postings, about 2 GB
#   FILTR_BEFORE=/path/to/old/filtr benches/big_corpus.sh   # side by side with another build
#
# Runs `filtr corpus check`, then `filtr match --no-model` twice (the first
# analyses and caches the corpus, the second reads the cache), each under
# /usr/bin/time, and prints peak RSS and wall time. Embedding a million
# postings takes hours on a laptop CPU, so `filtr index` is stopped (SIGINT)
# after INDEX_SECONDS (default 300; 0 skips it), and the postings its saved
# index holds are counted.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1300000}
dir=${BIG_DIR:-target/bench/big}
mkdir -p "$dir"
cargo build --release --quiet --example gen_corpus --bin filtr
if [ ! -s "$dir/big-$count.jsonl" ]; then
    target/release/examples/gen_corpus "$dir/big.json" --count "$count"
    # One posting per line: the array's brackets and the commas between lines go.
    sed -e '1d;$d' -e 's/,$//' "$dir/big.json" > "$dir/big-$count.jsonl"
    rm "$dir/big.json"
fi
corpus="$dir/big-$count.jsonl"
printf 'corpus: %s, %s postings, %s MB\n\n' "$corpus" "$count" "$(( $(stat -c %s "$corpus") >> 20 ))"
resume=data/resumes/data_analyst.md
run() { # label binary args...
    local label=$1 bin=$2; shift 2
    local out stats
    stats=$(mktemp)
    /usr/bin/time -o "$stats" -f '%M %e' "$bin" "$@" > /dev/null 2>&1 || true
    out=$(tail -1 "$stats")
    rm -f "$stats"
    printf '| %-28s | %-30s | %8s MB | %7s s |\n' "$label" "$*" "$(( ${out% *} / 1024 ))" "${out#* }"
}
printf '| build | command | peak RSS | wall |\n|---|---|---:|---:|\n'
for pair in "this build:target/release/filtr" ${FILTR_BEFORE:+"before:$FILTR_BEFORE"}; do
    label=${pair%%:*} bin=${pair#*:}
    cache=$(mktemp -d)
    export FILTR_CACHE_DIR=$cache
    run "$label" "$bin" corpus check "$corpus"
    run "$label" "$bin" match "$resume" --no-model -q --corpus "$corpus"
    run "$label" "$bin" match "$resume" --no-model -q --corpus "$corpus"
    if [ "${INDEX_SECONDS:-300}" -gt 0 ]; then
        run "$label" timeout -s INT "${INDEX_SECONDS:-300}" "$bin" index -q --corpus "$corpus"
        for f in "$cache"/index/*.safetensors; do
            [ -e "$f" ] || { echo "  (no index saved)"; continue; }
            python3 - "$f" <<'PY'
import json, struct, sys
with open(sys.argv[1], "rb") as f:
    header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
print(f"  saved index: {header['hashes']['shape'][0]:,} postings, {header['vectors']['shape'][0]:,} windows")
PY
        done
    fi
    rm -rf "$cache"
done
