#!/usr/bin/python3
"""Golden learning rates for snaklib's CosineSchedule, from torch.optim.lr_scheduler.LambdaLR.

Run with Debian's interpreter and torch (apt-get install python3-torch), from this folder:
    /usr/bin/python3 make_golden.py
Writes cosine.json: per case (max_lr, min_lr, warmup, total) the steps and the learning rate LambdaLR gives after
that many scheduler.step() calls, with the multiplier of Megatron-LM's OptimizerParamScheduler (the study's
trainer, STUDY.md A3): linear warm-up 0 -> max_lr over `warmup` steps, half a cosine to min_lr at `total`, min_lr
after it. Within 1..total the script checks that transformers' get_cosine_with_min_lr_schedule_with_warmup
multiplier gives the same values; past `total` transformers' cosine rises again, Megatron's (and ours) stays at
min_lr, so the golden values follow Megatron there.
"""
import json
import math
import sys

import torch

CASES = [
    dict(max_lr=1e-3, min_lr=1e-4, warmup=10, total=100),
    dict(max_lr=1.5e-5, min_lr=5e-8, warmup=1250, total=12500),   # the study's values (STUDY.md, A3)
    dict(max_lr=3e-4, min_lr=0.0, warmup=0, total=50),
    dict(max_lr=1e-3, min_lr=1e-3, warmup=5, total=20),
    dict(max_lr=6e-4, min_lr=6e-5, warmup=1, total=2),
]


def megatron(c):
    def multiplier(step):
        if c["warmup"] > 0 and step <= c["warmup"]:
            return step / c["warmup"]
        if step > c["total"]:
            return c["min_lr"] / c["max_lr"]
        ratio = (step - c["warmup"]) / (c["total"] - c["warmup"])
        coeff = 0.5 * (math.cos(math.pi * ratio) + 1.0)
        return (c["min_lr"] + coeff * (c["max_lr"] - c["min_lr"])) / c["max_lr"]
    return multiplier


def transformers(c):
    min_lr_rate = c["min_lr"] / c["max_lr"]

    def multiplier(step):
        if step < c["warmup"]:
            return step / max(1, c["warmup"])
        progress = (step - c["warmup"]) / max(1, c["total"] - c["warmup"])
        factor = 0.5 * (1.0 + math.cos(math.pi * 0.5 * 2.0 * progress))
        return max(0.0, factor * (1 - min_lr_rate) + min_lr_rate)
    return multiplier


def steps_of(c):
    w, t = c["warmup"], c["total"]
    picked = set(range(1, min(t, 3 * max(w, 1) + 40) + 1)) | set(range(1, t + 1, max(1, t // 200)))
    picked |= set(range(max(1, w - 3), w + 4)) | set(range(max(1, t - 3), t + 25)) | {2 * t, 10 * t}
    return sorted(picked)


def run(c):
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=c["max_lr"])
    sched = torch.optim.lr_scheduler.LambdaLR(opt, megatron(c))
    hf = transformers(c)
    wanted = set(steps_of(c))
    steps, lrs = [], []
    for step in range(1, max(wanted) + 1):
        opt.step()
        sched.step()            # now `step` scheduler steps have been taken
        if step in wanted:
            lr = sched.get_last_lr()[0]
            steps.append(step)
            lrs.append(lr)
            if step <= c["total"]:
                assert abs(lr - c["max_lr"] * hf(step)) <= 1e-12 * c["max_lr"], (c, step)
    return dict(c, steps=steps, lr=lrs)


if __name__ == "__main__":
    print("torch", torch.__version__, file=sys.stderr)
    with open("cosine.json", "w") as f:
        json.dump({"cases": [run(c) for c in CASES]}, f)
        f.write("\n")
