#!/usr/bin/env bash
# A CPU and memory hog for reproducers: N busy loops (default 2) and one process that keeps allocating and
# touching ~1 GiB, so the machine is as loaded as a shared CI runner. Stops when this script is killed.
# Usage: scripts/hog.sh [busy-loops] & ... ; kill %1
set -euo pipefail
n="${1:-2}"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT INT TERM
for _ in $(seq "$n"); do
  (while :; do :; done) &
  pids+=($!)
done
/usr/bin/python3 -c '
import time
while True:
    blocks = [bytearray(64 << 20) for _ in range(16)]   # 1 GiB, zero-filled and touched
    for b in blocks:
        b[::4096] = b"\x01" * len(b[::4096])
    del blocks
    time.sleep(0.2)
' &
pids+=($!)
wait
