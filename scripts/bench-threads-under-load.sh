#!/usr/bin/env bash
# Training speed beside a CPU and memory hog, for libtorch's OpenMP settings side by side (interleaved rounds):
#   default      2 intra-op threads, libgomp's default wait policy (spin, then sleep)
#   passive      OMP_WAIT_POLICY=PASSIVE (waiting threads sleep at once)
#   one-thread   1 intra-op thread (no OpenMP barriers at all)
# Usage: scripts/bench-threads-under-load.sh [rounds] [preset]   (output: one line per run)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; preset="${2:-tiny}"
./snak --version >/dev/null    # build once before timing
scripts/hog.sh 2 & hog=$!
trap 'kill $hog 2>/dev/null' EXIT
sleep 2
for r in $(seq "$rounds"); do
  for mode in default passive one-thread; do
    case $mode in
      default)    env=(); opts="" ;;
      passive)    env=(OMP_WAIT_POLICY=PASSIVE); opts="" ;;
      one-thread) env=(); opts="-Dai.djl.pytorch.num_threads=1" ;;
    esac
    out=$(env "${env[@]}" SNAK_JAVA_OPTS="$opts" ./snak bench train --preset "$preset" --measure-steps 20 2>/dev/null)
    tps=$(echo "$out" | sed -n 's/^tokens\/s *//p' | head -1)
    step=$(echo "$out" | sed -n 's/^step time *//p' | head -1)
    echo "round $r  $mode  tokens/s $tps  step $step  load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
