#!/usr/bin/python3
"""Reference values for MetricsGoldenTest (writes metrics.json). Run: /usr/bin/python3 make_metrics_golden.py

- MCC, macro-F1, accuracy: Debian's python3-sklearn (what evaluate's metrics call).
- seqeval: get_entities and the micro average written here from seqeval 1.2.2's published definitions
  (default mode), fed lowercase tags as ScandEval v13 does; the v13 wrapper (MISC mapping, all-o rule) too.
- SQuAD v2 EM/F1: the official evaluation script's definitions (normalize_answer, compute_exact, compute_f1),
  max over gold answers, averaged per question id.
- ROUGE-L: rouge-score's tokenizer ([^a-z0-9]+ -> space) and LCS F-measure.
"""
import collections
import json
import random
import re
import string

from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef

rnd = random.Random(20240731)
out = {"classification": [], "seqeval": [], "ner": [], "squad": [], "rouge": []}

# --- classification
for case in range(60):
    k = rnd.choice([2, 3, 4])
    n = rnd.choice([1, 2, 5, 17, 64, 300])
    truth = [rnd.randrange(k) for _ in range(n)]
    if case % 7 == 0:
        pred = [0] * n                      # constant prediction: MCC 0
    elif case % 5 == 0:
        pred = list(truth)
    else:
        pred = [t if rnd.random() < 0.6 else rnd.randrange(k) for t in truth]
    out["classification"].append({"truth": truth, "pred": pred,
                                  "mcc": float(matthews_corrcoef(truth, pred)),
                                  "macro_f1": float(f1_score(truth, pred, average="macro", zero_division=0)),
                                  "accuracy": float(accuracy_score(truth, pred))})

# --- seqeval 1.2.2 default mode
def end_of_chunk(prev_tag, tag, prev_type, type_):
    end = prev_tag in ("E", "S")
    end = end or (prev_tag in ("B", "I") and tag in ("B", "S", "O"))
    return end or (prev_tag != "O" and prev_tag != "." and prev_type != type_)

def start_of_chunk(prev_tag, tag, prev_type, type_):
    start = tag in ("B", "S")
    start = start or (prev_tag in ("E", "S", "O") and tag in ("E", "I"))
    return start or (tag != "O" and tag != "." and prev_type != type_)

def get_entities(sentences):
    seq = [t for s in sentences for t in s + ["O"]]
    prev_tag, prev_type, begin, chunks = "O", "", 0, []
    for i, chunk in enumerate(seq + ["O"]):
        tag = chunk[0]
        type_ = chunk[1:].split("-", maxsplit=1)[-1] or "_"
        if end_of_chunk(prev_tag, tag, prev_type, type_):
            chunks.append((prev_type, begin, i - 1))
        if start_of_chunk(prev_tag, tag, prev_type, type_):
            begin = i
        prev_tag, prev_type = tag, type_
    return chunks

def micro_f1(gold, pred):
    g, p = collections.defaultdict(set), collections.defaultdict(set)
    for t, s, e in get_entities(gold):
        g[t].add((s, e))
    for t, s, e in get_entities(pred):
        p[t].add((s, e))
    tp = sum(len(g[t] & p[t]) for t in set(g) | set(p))
    n_pred, n_gold = sum(len(v) for v in p.values()), sum(len(v) for v in g.values())
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0

def v13_ner(gold, pred, has_misc):
    keep = {"o", "b-per", "i-per", "b-loc", "i-loc", "b-org", "i-org"}
    gold = [[t.lower() for t in s] for s in gold]
    fixed = []
    for s in pred:
        row = []
        for t in (x.lower() for x in s):
            if t in keep: row.append(t)
            elif has_misc and t[:2] == "b-": row.append("b-misc")
            elif has_misc and t[:2] == "i-": row.append("i-misc")
            else: row.append("o")
        fixed.append(row)
    nomisc = lambda tags: [["o" if t[-4:] == "misc" else t for t in s] for s in tags]
    def f1(g, p):
        if all(t == "o" for s in g for t in s) and all(t == "o" for s in p for t in s):
            return 1.0
        return micro_f1(g, p)
    return {"micro_f1": f1(gold, fixed), "micro_f1_no_misc": f1(nomisc(gold), nomisc(fixed))}

documented = ([["b-per", "o", "b-loc", "i-loc", "o"]], [["b-per", "o", "b-loc", "o", "o"]])
out["seqeval"].append({"gold": documented[0], "pred": documented[1], "f1": micro_f1(*documented)})
upper = ([[t.upper() for t in documented[0][0]]], [[t.upper() for t in documented[1][0]]])
out["seqeval"].append({"gold": upper[0], "pred": upper[1], "f1": micro_f1(*upper)})
tags_lower = ["o", "o", "o", "b-per", "i-per", "b-loc", "i-loc", "b-org", "i-org", "b-misc", "i-misc"]
for case in range(80):
    sents = rnd.choice([1, 2, 4, 9])
    upper_case = case % 4 == 3
    def sentence(n):
        s = [rnd.choice(tags_lower) for _ in range(n)]
        return [t.upper() for t in s] if upper_case else s
    gold, pred = [], []
    for _ in range(sents):
        n = rnd.randrange(1, 12)
        g = sentence(n)
        p = [t if rnd.random() < 0.5 else rnd.choice(tags_lower) for t in g]
        gold.append(g)
        pred.append([t.upper() for t in p] if upper_case else p)
    out["seqeval"].append({"gold": gold, "pred": pred, "f1": micro_f1(gold, pred)})
    misc = case % 3 != 0
    gold_u = [[t.upper() for t in s] for s in gold]
    odd = [[rnd.choice(["b-foo", "i-bar", t]) if rnd.random() < 0.1 else t for t in s] for s in pred]
    out["ner"].append({"gold": gold_u, "pred": odd, "has_misc": misc, **v13_ner(gold_u, odd, misc)})
out["ner"].append({"gold": [["O", "O"]], "pred": [["o", "o"]], "has_misc": True, **v13_ner([["O", "O"]], [["o", "o"]], True)})
out["ner"].append({"gold": [["B-MISC", "O"]], "pred": [["o", "o"]], "has_misc": True,
                   **v13_ner([["B-MISC", "O"]], [["o", "o"]], True)})

# --- SQuAD v2 (official script definitions)
def normalize_answer(s):
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(re.compile(r"\b(a|an|the)\b", re.UNICODE), " ", s)
    return " ".join(s.split())

def get_tokens(s):
    return normalize_answer(s).split() if s else []

def compute_f1(gold, pred):
    g, p = get_tokens(gold), get_tokens(pred)
    common = collections.Counter(g) & collections.Counter(p)
    same = sum(common.values())
    if not g or not p:
        return int(g == p)
    if same == 0:
        return 0
    pr, rc = same / len(p), same / len(g)
    return 2 * pr * rc / (pr + rc)

words = ["the", "a", "an", "kongen", "Århus", "øen", "år", "1864", "Danmark", "frihed", "the-end", "Ål", "x",
         "anden", "THE", "café"]
for case in range(60):
    items = []
    for q in range(rnd.randrange(1, 8)):
        qid = "q%d" % rnd.randrange(6)
        answers = [" ".join(rnd.choice(words) for _ in range(rnd.randrange(0, 4))) + rnd.choice(["", ".", "!", ","])
                   for _ in range(rnd.randrange(1, 3))]
        pred = rnd.choice([answers[0], answers[0].upper(), " ".join(rnd.choice(words) for _ in range(rnd.randrange(0, 4)))])
        items.append({"id": qid, "prediction": pred, "answers": answers})
    scores = {}
    for it in items:
        gold = [a for a in it["answers"] if normalize_answer(a)] or [""]
        scores[it["id"]] = (max(int(normalize_answer(a) == normalize_answer(it["prediction"])) for a in gold),
                            max(compute_f1(a, it["prediction"]) for a in gold))
    out["squad"].append({"items": items, "em": 100.0 * sum(s[0] for s in scores.values()) / len(scores),
                         "f1": 100.0 * sum(s[1] for s in scores.values()) / len(scores)})

# --- ROUGE-L (rouge-score 0.1.2 default tokenizer, no stemmer)
def rouge_tokens(text):
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return [t for t in re.split(r"\s+", text) if re.match(r"^[a-z0-9]+$", t)]

def lcs(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = table[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(table[i - 1][j], table[i][j - 1])
    return table[-1][-1]

def rouge_l(ref, pred):
    r, p = rouge_tokens(ref), rouge_tokens(pred)
    if not r or not p:
        return 0.0
    n = lcs(r, p)
    pr, rc = n / len(p), n / len(r)
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0

rwords = ["Kommunen", "vil", "bygge", "en", "ny", "skole", "i", "Aalborg", "på", "Nørresundby", "år", "2024",
          "Bø", "gården", "ÆBLE", "kr.", "5,5", "mio"]
for case in range(60):
    refs, preds = [], []
    for _ in range(rnd.randrange(1, 6)):
        refs.append(" ".join(rnd.choice(rwords) for _ in range(rnd.randrange(0, 15))))
        preds.append(" ".join(rnd.choice(rwords) for _ in range(rnd.randrange(0, 15))))
    out["rouge"].append({"references": refs, "predictions": preds,
                         "per_item": [rouge_l(r, p) for r, p in zip(refs, preds)],
                         "mean": sum(rouge_l(r, p) for r, p in zip(refs, preds)) / len(refs)})

with open("metrics.json", "w") as f:
    json.dump(out, f, ensure_ascii=False, indent=0)
print("documented seqeval case:", out["seqeval"][0]["f1"], "uppercase:", out["seqeval"][1]["f1"])
