#!/usr/bin/python3
"""Prompt fixtures for PromptGoldenTest (writes prompts.json): a small train split per dataset in ScandEval's
field layout, and the few-shot prompt ScandEval v13 builds for one query with seed 4242, written here from the
documented templates (SCANDEVAL.md sections 1-2): HF Dataset.shuffle = default_rng(seed).permutation, label
cycling with duplicate-text removal, random.seed(seed); random.shuffle(shots) (not for QA), and the per-task text
cleaning. The tokenizer-dependent final strip is not applied here. Run: /usr/bin/python3 make_prompt_golden.py"""
import itertools
import json
import random
import re

import numpy as np

rnd = random.Random(7)
MC = "Følgende er multiple choice spørgsmål (med svar)."
TASKS = {
    "scala-da": dict(prefix="Følgende er sætninger og om de er grammatisk korrekte.",
                     template="Sætning: {text}\nGrammatisk korrekt: {label}", shots=12,
                     mapping={"correct": "ja", "incorrect": "nej"}, labels=["incorrect", "correct"]),
    "angry-tweets": dict(prefix="Følgende er tweets og deres sentiment, som kan være 'positiv', 'neutral' eller 'negativ'.",
                         template="Tweet: {text}\nSentiment: {label}", shots=12,
                         mapping={"positive": "positiv", "neutral": "neutral", "negative": "negativ"},
                         labels=["negative", "neutral", "positive"]),
    "hellaswag-da": dict(prefix=MC, template="Spørgsmål: {text}\nSvar: {label}", shots=5,
                         mapping={k: k for k in "abcd"}, labels=list("abcd")),
    "danske-talemaader": dict(prefix=MC, template="Hvad er betydningen af følgende talemåde: {text}\nSvar: {label}",
                              shots=5, mapping={k: k for k in "abcd"}, labels=list("abcd")),
    "danish-citizen-tests": dict(prefix=MC, template="Spørgsmål: {text}\nSvar: {label}", shots=5,
                                 mapping={k: k for k in "abcd"}, labels=list("abcd")),
}
WORDS = "hunden katten huset bilen går løber er var på i en et Århus Ødegaard Æbletræ smukt hurtigt \"citat\"".split()

def sentence(n):
    return " ".join(rnd.choice(WORDS) for _ in range(n))

def shuffled(rows, seed):
    return [rows[i] for i in np.random.default_rng(seed).permutation(len(rows))]

def by_label(rows, labels, shots, seed, has):
    pool, picks = shuffled(rows, seed), []
    for label in itertools.cycle(labels):
        if len(picks) == shots:
            break
        cands = [r for r in pool if has(r, label)]
        if not cands:
            continue
        picks.append(cands[0])
        pool = [r for r in pool if r["text"] != cands[0]["text"]]
    random.seed(seed)
    random.shuffle(picks)
    return picks

out = {}
seed = 4242
for name, t in TASKS.items():
    labels_present = t["labels"][:3] if name == "danish-citizen-tests" else t["labels"]
    rows = []
    for i in range(40):
        text = sentence(rnd.randrange(2, 9))
        if name in ("hellaswag-da", "danske-talemaader", "danish-citizen-tests"):
            text += "\nSvarmuligheder:\n" + "\n".join("%s. %s" % (c, sentence(3)) for c in "abc")
        if i % 9 == 0:
            text = "\n\n " + text + "\n\n\n"
        rows.append({"text": text, "label": rnd.choice(labels_present).upper() if i % 5 == 0 else rnd.choice(labels_present)})
    rows[7]["text"] = rows[3]["text"]          # a duplicate text: must be dropped after its first pick
    query = {"text": "  Dette er\n\n\nforespørgslen " + sentence(4) + " \n", "label": labels_present[0]}
    shots = by_label(rows, t["labels"], t["shots"], seed, lambda r, l: r["label"].lower() == l.lower())
    clean = lambda s: re.sub(r"\n+", "\n", s).strip()
    parts = [t["template"].format(text=clean(s["text"]), label=t["mapping"][s["label"].lower()]) for s in shots]
    prompt = t["prefix"] + "\n\n" + "\n\n".join(parts) + "\n\n" + t["template"].format(text=clean(query["text"]), label="")
    out[name] = {"train": rows, "query": query, "prompt": prompt}

# dansk (NER)
TAGS = ["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
rows = []
for i in range(40):
    n = rnd.randrange(3, 9)
    tokens = [rnd.choice(WORDS) for _ in range(n)]
    labels, seen = [], set()
    for j in range(n):
        tag = rnd.choice(TAGS)
        if tag.startswith("I-") and tag[2:] not in seen:
            tag = "B-" + tag[2:]
        if tag != "O":
            seen.add(tag[2:])
        labels.append(tag)
    rows.append({"text": " ".join(tokens), "tokens": tokens, "labels": labels})
mapping = {"b-per": "person", "i-per": "person", "b-loc": "sted", "i-loc": "sted", "b-org": "organisation",
           "i-org": "organisation", "b-misc": "diverse", "i-misc": "diverse"}
shots = by_label(rows, ["b-loc", "b-org", "b-per", "b-misc"], 8, seed,
                 lambda r, l: l in [x.lower() for x in r["labels"]])
def ner_label(r):
    d = {v: [] for v in mapping.values()}
    for tok, tag in zip(r["tokens"], r["labels"]):
        tag = tag.lower()
        if tag == "o":
            continue
        if tag.startswith("b-"):
            d[mapping[tag]].append(tok)
        else:
            d[mapping[tag]][-1] += " " + tok
    return json.dumps(d, ensure_ascii=False)
tpl = "Sætning: {text}\nNavngivne enheder: {label}"
query = {"text": "Mette bor i Aalborg", "tokens": ["Mette", "bor", "i", "Aalborg"], "labels": ["B-PER", "O", "O", "B-LOC"]}
prompt = ("Følgende er sætninger og JSON-ordbøger med de navngivne enheder, som forekommer i den givne sætning.\n\n"
          + "\n\n".join(tpl.format(text=" ".join(s["tokens"]).replace("\n", " ").strip(), label=ner_label(s)) for s in shots)
          + "\n\n" + tpl.format(text=" ".join(query["tokens"]), label=""))
out["dansk"] = {"train": rows, "query": query, "prompt": prompt}

# scandiqa-da (QA): short contexts first, shuffle, unique contexts, no final shuffle
rows = []
for i in range(30):
    ctx = sentence(rnd.randrange(5, 120)) + ("\nny linje " if i % 4 == 0 else "")
    rows.append({"id": "q%d" % i, "context": ctx, "question": " Hvad " + sentence(3) + "? ",
                 "answers": {"text": [sentence(2)], "answer_start": [0]}})
rows[5]["context"] = rows[2]["context"]
limit = 512
while len([r for r in rows if len(r["context"]) < limit]) < 4:
    limit *= 2
pool = shuffled([r for r in rows if len(r["context"]) < limit], seed)
shots = []
while len(shots) < 4:
    shots.append(pool[0])
    pool = [r for r in pool if r["context"] != pool[0]["context"]]
tpl = "Tekst: {text}\nSpørgsmål: {question}\nSvar med maks. 3 ord: {label}"
query = {"id": "query", "context": "Anders kom\nhjem i går.", "question": " Hvem kom hjem? ",
         "answers": {"text": ["Anders"], "answer_start": [0]}}
prompt = ("Følgende er tekster med tilhørende spørgsmål og svar.\n\n"
          + "\n\n".join(tpl.format(text=s["context"].replace("\n", " ").strip(), question=s["question"].strip(),
                                   label=s["answers"]["text"][0]) for s in shots)
          + "\n\n" + tpl.format(text=query["context"].replace("\n", " ").strip(), question=query["question"], label=""))
out["scandiqa-da"] = {"train": rows, "query": query, "prompt": prompt}

# nordjylland-news (summarisation): one shot, final shuffle, query stripped
rows = [{"text": sentence(rnd.randrange(5, 30)) + "\n" + sentence(5), "target_text": sentence(6) + "\n" + sentence(2)}
        for _ in range(20)]
pool = shuffled(rows, seed)
shots = [pool[0]]
random.seed(seed)
random.shuffle(shots)
tpl = "Nyhedsartikel: {text}\nResumé: {target_text}"
query = {"text": " Aalborg får\nny bro. ", "target_text": "Ny bro."}
prompt = ("Følgende er nyhedsartikler med tilhørende resuméer.\n\n"
          + "\n\n".join(tpl.format(text=s["text"].replace("\n", " ").strip(),
                                   target_text=s["target_text"].replace("\n", " ").strip()) for s in shots)
          + "\n\n" + tpl.format(text=query["text"].replace("\n", " ").strip(), target_text="").strip())
out["nordjylland-news"] = {"train": rows, "query": query, "prompt": prompt}

with open("prompts.json", "w") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
