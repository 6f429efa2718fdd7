"""Manual interoperability check (not run by CI, which has no Python tokenizers): does Hugging Face's own
`tokenizers` library load a tokenizer.json written by BpeTrainer and give the same ids as our BpeEncoder?

    # 1. from Java: save the tokenizer and the expected ids, one JSON line {"text": ..., "ids": [...]} per text
    # 2. python3 check_hf_tokenizers.py tokenizer.json expected.jsonl

Last run (2026-11-26, tokenizers 0.23.2, vocab 800 trained on src/test/resources/text/danish.txt): 479 texts
(every line, the whole file, emoji, control characters, special tokens), 0 differing ids, 0 decode differences.
"""
import json
import sys

from tokenizers import Tokenizer

tok = Tokenizer.from_file(sys.argv[1])
n = bad = 0
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)
    ids = tok.encode(d["text"], add_special_tokens=False).ids
    n += 1
    if ids != d["ids"]:
        bad += 1
        print("ids differ:", repr(d["text"][:80]))
    if tok.decode(ids, skip_special_tokens=False) != d["text"]:
        bad += 1
        print("decode differs:", repr(d["text"][:80]))
print(f"{n} texts, {bad} differences")
sys.exit(1 if bad else 0)
