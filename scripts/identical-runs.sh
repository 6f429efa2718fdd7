#!/usr/bin/env bash
# Identical runs beside a CPU and memory hog (issue 8's evidence): N tiny runs and M small runs of S steps, each the
# README's own `snak pretrain` from scratch (tokenizer, shards, training). Every run of a preset must give the same
# tokenizer, shards, per-step losses, gradient norms and learning rates, and the same final weights, to the bit.
# Usage: scripts/identical-runs.sh [tiny-runs=20] [small-runs=3] [small-steps=300] [out=runs/identical]
# Prints one line per run and a verdict per preset; exits non-zero if any run differs.
set -euo pipefail
cd "$(dirname "$0")/.."
tiny_runs="${1:-20}"; small_runs="${2:-3}"; small_steps="${3:-300}"; out="${4:-runs/identical}"
rm -rf "$out"; mkdir -p "$out"
./snak --version >/dev/null    # build before the hog starts
scripts/hog.sh 2 & hog=$!
trap 'kill $hog 2>/dev/null' EXIT
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); started $(date -u +%FT%TZ)"
fingerprint() {   # what must be identical: hashes of inputs and outputs, and the metrics without timings
  local run="$1" last
  last="$(ls -d "$run"/checkpoints/step-* | tail -1)"
  {
    sha256sum "$run"/tokenizer/tokenizer.json "$run"/shards/train.bin "$run"/shards/val.bin "$last"/model.safetensors \
      "$last"/training/optimizer.safetensors | awk '{print $1}'
    cut -d, -f1-5,8 "$run"/metrics.csv
  } | sha256sum | cut -c1-16
}
status=0
check() {   # preset runs steps
  local preset="$1" n="$2" steps="$3" first="" i fp
  for i in $(seq "$n"); do
    local run="$out/$preset-$i" t0=$SECONDS
    ./snak pretrain --preset "$preset" --steps "$steps" --out "$run" >"$run.log" 2>&1
    fp="$(fingerprint "$run")"
    echo "$preset run $i: fingerprint $fp, final $(tail -1 "$run"/metrics.csv | cut -d, -f1,2,5), $((SECONDS - t0)) s, load $(cut -d' ' -f1 /proc/loadavg)"
    first="${first:-$fp}"
    if [ "$fp" != "$first" ]; then status=1; echo "  DIFFERS from run 1"; fi
    [ "$i" -gt 1 ] && rm -rf "$run"/shards "$run"/checkpoints/step-0000000[0-9]* 2>/dev/null || true
  done
  echo "$preset: $n runs, $( [ "$status" = 0 ] && echo "all identical" || echo "NOT identical")"
}
check tiny "$tiny_runs" 300
check small "$small_runs" "$small_steps"
echo "finished $(date -u +%FT%TZ)"
exit $status
