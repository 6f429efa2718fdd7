#!/usr/bin/python3
"""Golden packing chunks for ConstantLengthPackerGoldenTest, re-derived independently in Python.

Re-implements, from TRL's documented behaviour (ConstantLengthDataset in TRL 0.9-0.13, and the
DataCollatorForLanguageModeling labels with pad = eos), packing of a fixed, generated token stream:
buffer by characters (len() of the text, i.e. code points), tokens + EOS per example, concatenate,
cut into seq_length chunks, drop each buffer's remainder, shuffle with Python's global `random`
after `random.seed(seed)` (buffer texts first for TRL >= 0.11, then the chunks). Also records raw
`random.Random(seed)` draws and shuffles so the Java MT19937 port is checked on its own.

Run: python3 make_packing_golden.py > packing.json   (Python 3.11; standard library only)
"""
import json
import random

BOS, EOS, IGNORE = 1, 2, -100


def make_examples():
    gen = random.Random(20240917)
    out = []
    for i in range(40):
        n_chars = gen.randint(5, 60)
        text = "".join(gen.choice("abcdefghijklmnopqrstuvwxyzæøå ") for _ in range(n_chars))
        if i % 7 == 3:
            text += "\U0001F600"  # one code point, two UTF-16 units: counts 1 in Python's len()
        n_prompt = gen.randint(1, 12)
        n_answer = gen.randint(0, 15)
        prompt = [gen.randint(3, 99) for _ in range(n_prompt)]
        answer = [gen.randint(3, 99) for _ in range(n_answer)]
        if i % 11 == 5:
            prompt[0] = EOS  # an EOS inside a text: the collator masks it like any pad position
        ids = [BOS] + prompt + answer
        flags = [False] * (1 + n_prompt) + [True] * n_answer
        out.append({"text": text, "ids": ids, "answer": flags})
    return out


def labels_for(ids, flags, closing, mask):
    if mask == "WHOLE_SEQUENCE":
        return list(ids)
    if mask == "WHOLE_SEQUENCE_EOS_MASKED":
        return [IGNORE if t == EOS else t for t in ids]
    # ANSWER_ONLY: answer tokens and each example's closing EOS
    return [t if (f or c) else IGNORE for t, f, c in zip(ids, flags, closing)]


def pack(examples, seq_length, num_of_sequences, chars_per_token, shuffle, shuffle_texts, seed, mask):
    random.seed(seed)
    max_buffer = seq_length * chars_per_token * num_of_sequences
    it = iter(examples)
    more = True
    chunks = []
    while more:
        buffer, buffer_len = [], 0
        while buffer_len < max_buffer:
            try:
                ex = next(it)
            except StopIteration:
                more = False
                break
            buffer.append(ex)
            buffer_len += len(ex["text"])
        if shuffle and shuffle_texts:
            random.shuffle(buffer)
        ids, flags, closing = [], [], []
        for ex in buffer:
            ids += ex["ids"] + [EOS]
            flags += ex["answer"] + [False]
            closing += [False] * len(ex["ids"]) + [True]
        labels = labels_for(ids, flags, closing, mask)
        got = []
        for start in range(0, len(ids), seq_length):
            if len(ids[start:start + seq_length]) == seq_length:
                got.append({"input_ids": ids[start:start + seq_length], "labels": labels[start:start + seq_length]})
        if shuffle:
            random.shuffle(got)
        chunks += got
    return chunks


CASES = [
    dict(name="study", seq_length=16, num_of_sequences=2, chars_per_token=3.6, shuffle=True, shuffle_texts=False,
         seed=42, mask="WHOLE_SEQUENCE_EOS_MASKED"),
    dict(name="trl-0.11-eos-kept", seq_length=16, num_of_sequences=2, chars_per_token=3.6, shuffle=True,
         shuffle_texts=True, seed=42, mask="WHOLE_SEQUENCE"),
    dict(name="unshuffled-answer-only", seq_length=10, num_of_sequences=3, chars_per_token=2.5, shuffle=False,
         shuffle_texts=False, seed=7, mask="ANSWER_ONLY"),
    dict(name="one-buffer-big-seed", seq_length=32, num_of_sequences=1024, chars_per_token=3.6, shuffle=True,
         shuffle_texts=True, seed=1234567890123, mask="ANSWER_ONLY"),
]


def main():
    examples = make_examples()
    cases = []
    for c in CASES:
        params = {k: v for k, v in c.items() if k != "name"}
        cases.append({"name": c["name"], **params, "chunks": pack(examples, **params)})
    rng_checks = []
    for seed in [0, 42, -5, 2**40 + 3]:
        r = random.Random(seed)
        draws = [r.getrandbits(32) for _ in range(5)]
        r = random.Random(seed)
        perm = list(range(100))
        r.shuffle(perm)
        rng_checks.append({"seed": seed, "getrandbits32": draws, "shuffle100": perm})
    print(json.dumps({"eos": EOS, "examples": examples, "cases": cases, "python_random": rng_checks},
                     ensure_ascii=False, indent=None, separators=(",", ":")))


if __name__ == "__main__":
    main()
