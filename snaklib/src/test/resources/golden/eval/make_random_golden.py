#!/usr/bin/python3
"""Golden draws for NumpyRandomTest and PythonRandomTest: written by Debian's python3-numpy (1.24) and CPython's
random module. Run from this folder: /usr/bin/python3 make_random_golden.py (writes random.json)."""
import json
import random

import numpy as np

out = {"numpy_version": np.__version__, "uint64": {}, "integers": [], "permutation": [], "shuffle": []}
for seed in [0, 1, 42, 4242, 2**32 + 5]:
    bg = np.random.default_rng(seed).bit_generator
    out["uint64"][str(seed)] = [str(v) for v in bg.random_raw(8)]
# the bootstrap matrix rng.integers(0, N, size=(10, N)): rows 0, 1 and 9 in full
for seed in [4242, 7]:
    for n in [1, 2, 3, 80, 128, 256, 512, 1000, 1024, 2048]:
        idx = np.random.default_rng(seed).integers(0, n, size=(10, n))
        out["integers"].append({"seed": seed, "low": 0, "high": n, "rows": 10, "cols": n,
                                "picked_rows": {str(r): idx[r].tolist() for r in (0, 1, 9)}})
for seed, low, high in [(4242, 5, 17), (1, 0, 2**32), (1, 0, 2**32 + 1), (3, -7, 2**40)]:
    v = np.random.default_rng(seed).integers(low, high, size=50)
    out["integers"].append({"seed": seed, "low": low, "high": high, "rows": 1, "cols": 50,
                            "picked_rows": {"0": [int(x) for x in v]}})
for seed in list(range(4242, 4252)) + [0, 99]:
    for n in [1, 2, 7, 100, 1000, 1024]:
        out["permutation"].append({"seed": seed, "n": n,
                                   "values": np.random.default_rng(seed).permutation(n).tolist()})
for seed in list(range(4242, 4252)) + [0, 2**40 + 3, -5]:
    for n in [0, 1, 2, 4, 5, 8, 12, 40]:
        items = list(range(n))
        random.seed(seed)
        random.shuffle(items)
        out["shuffle"].append({"seed": seed, "n": n, "values": items})
with open("random.json", "w") as f:
    json.dump(out, f)
