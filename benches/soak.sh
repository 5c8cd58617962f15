#!/usr/bin/env bash
# Soak: 8 `filtr match` processes in a loop against one corpus while a writer
# keeps replacing the corpus (temp file + rename, the supported way to update
# a corpus) and running `filtr index`, all on one cache directory.
#
#   benches/soak.sh [SECONDS]     # default 600
#
# Checks, and prints: every match succeeded; every answer equals a fresh run
# (empty cache) on one of the corpus versions, i.e. on the version it read;
# no run warned about a damaged cache file; no temp file is left behind.
# Exits 1 on any failure. Not a test: it takes minutes and loads the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
work=$(mktemp -d "${TMPDIR:-/tmp}/filtr-soak.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
cargo build --release --quiet --bin filtr
filtr=$PWD/target/release/filtr
resume=$PWD/data/resumes/data_analyst.md
versions=4

# Corpus versions: 300 bundled postings each, from overlapping windows of the
# bundled corpus, so every version ranks differently and shares most vectors.
python3 - "$work" "$versions" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
postings = json.load(open("data/postings.json"))
for v in range(n):
    chosen = postings[v * 60 : v * 60 + 300]
    with open(f"{work}/v{v}.jsonl", "w") as f:
        for p in chosen:
            f.write(json.dumps(p) + "\n")
PY
echo "soak: $versions corpus versions in $work, ${seconds}s, 8 matchers + 1 writer/indexer"
for v in $(seq 0 $((versions - 1))); do
    FILTR_CACHE_DIR=$work/fresh-$v "$filtr" match "$resume" --corpus "$work/v$v.jsonl" --format json -q > "$work/expected-$v.json"
done
for v in $(seq 1 $((versions - 1))); do
    if cmp -s "$work/expected-0.json" "$work/expected-$v.json"; then
        echo "versions 0 and $v give the same answer: the check could not tell them apart" >&2
        exit 1
    fi
done

export FILTR_CACHE_DIR=$work/cache
cp "$work/v0.jsonl" "$work/corpus.jsonl"
deadline=$(( $(date +%s) + seconds ))

writer() {
    local i=0
    while [ "$(date +%s)" -lt "$deadline" ]; do
        i=$(( (i + 1) % versions ))
        cp "$work/v$i.jsonl" "$work/corpus.jsonl.new"
        mv "$work/corpus.jsonl.new" "$work/corpus.jsonl"
        if "$filtr" index --corpus "$work/corpus.jsonl" -q 2>> "$work/index.err"; then
            echo ok >> "$work/index.log"
        else
            echo failed >> "$work/index.log"
        fi
    done
}

matcher() {
    local id=$1 n=0
    while [ "$(date +%s)" -lt "$deadline" ]; do
        n=$((n + 1))
        local out=$work/m$id-$n.json err=$work/m$id-$n.err
        if ! "$filtr" match "$resume" --corpus "$work/corpus.jsonl" --format json > "$out" 2> "$err"; then
            echo "failed $id-$n" >> "$work/matches.log"
            continue
        fi
        local which=none
        for v in $(seq 0 $((versions - 1))); do
            if cmp -s "$out" "$work/expected-$v.json"; then which=$v; break; fi
        done
        echo "$which $id-$n" >> "$work/matches.log"
        [ "$which" = none ] || rm -f "$out"
        grep -qiE 'damaged|checksum|ignoring cache|undecodable' "$err" && echo "$id-$n" >> "$work/corrupt.log"
        grep -qE "warning|error" "$err" || rm -f "$err"
    done
}

writer &
for m in 1 2 3 4 5 6 7 8; do matcher $m & done
wait

total=$(wc -l < "$work/matches.log")
failed=$(grep -c '^failed' "$work/matches.log" || true)
mismatched=$(grep -c '^none' "$work/matches.log" || true)
corrupt=0
[ -f "$work/corrupt.log" ] && corrupt=$(wc -l < "$work/corrupt.log")
indexes=$(wc -l < "$work/index.log")
index_failed=$(grep -c failed "$work/index.log" || true)
temps=$(find "$work/cache" -name '*.tmp-*' | wc -l)
per_version=$(for v in $(seq 0 $((versions - 1))); do printf '%s ' "v$v:$(grep -c "^$v " "$work/matches.log" || true)"; done)
echo
echo "| | count |"
echo "|---|---:|"
echo "| matches run | $total |"
echo "| failed matches | $failed |"
echo "| answers equal to no version's fresh answer | $mismatched |"
echo "| runs warning of a damaged cache file | $corrupt |"
echo "| index runs (failed) | $indexes ($index_failed) |"
echo "| temp files left in the cache | $temps |"
echo
echo "answers by corpus version read: $per_version"
if [ "$failed$mismatched$corrupt$index_failed$temps" != "00000" ]; then
    echo "soak FAILED; outputs and stderr kept in $work" >&2
    exit 1
fi
rm -rf "$work"
echo "soak passed"
