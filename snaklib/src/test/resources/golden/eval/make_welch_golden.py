#!/usr/bin/python3
"""One-sided Welch t-test p-values for SignificanceTest, from Debian's python3-scipy (writes welch.json).
Run: /usr/bin/python3 make_welch_golden.py"""
import json
import random

from scipy.stats import ttest_ind

rnd = random.Random(11)
cases = []
for _ in range(40):
    n, m = rnd.choice([3, 10, 10, 25]), rnd.choice([3, 10, 10, 40])
    shift = rnd.choice([0.0, 0.5, 2.0, -1.0])
    a = [rnd.gauss(50 + shift, rnd.choice([0.5, 2, 5])) for _ in range(n)]
    b = [rnd.gauss(50, rnd.choice([0.5, 2, 5])) for _ in range(m)]
    p = float(ttest_ind(a, b, alternative="greater", equal_var=False).pvalue)
    cases.append({"a": a, "b": b, "p": p})
with open("welch.json", "w") as f:
    json.dump(cases, f)
