#!/usr/bin/python3
"""Golden numbers for dk.snaklib.analysis (weight divergence), from numpy and scipy.linalg.subspace_angles.

Run with Debian's interpreter (python3-numpy, python3-scipy; the versions are written into the outputs):
    cd snaklib/src/test/resources/golden/divergence && /usr/bin/python3 make_golden.py

It writes
  angles.json   small matrices (tall, square, wide, rank-deficient, zero) and their principal angles:
                "float64" cases: scipy.linalg.subspace_angles(A, B) on float64 arrays, as is;
                "float32" cases: the matrices are float32 values, as the study's weights were. "angles" uses scipy's
                own orth() with the rank tolerance scipy applies to float32 input (eps32 * max(M, N) * max(s)) and
                then subspace_angles on those bases in float64; "scipy_float32_angles" is subspace_angles on the
                float32 arrays themselves (float32 LAPACK arithmetic: the study's numbers carry its rounding).
  a/, b/        two tiny Hugging Face Llama checkpoints (config.json, model.safetensors F32, tokenizer.json copied
                from ../../tokenizer/llama2-style), b = a + a change that differs by layer and module.
  expected.json what the study's analyze/divergence/weights.py and embeddings.py compute for a vs b: per tensor
                delta = mean |Wa - Wb| and ssa = rad2deg(mean(subspace_angles(Wa, Wb))) (ndim > 1), the groups of
                its plot helper (by layer: sum of ssa; by module type: mean over layers), and the per-row L1 change
                of embed_tokens and lm_head with the most changed tokens.
"""
import json
import os
import shutil
import struct
import sys

import numpy as np
import scipy
from scipy.linalg import orth, subspace_angles, svdvals

EPS32 = float(np.finfo(np.float32).eps)
EPS64 = float(np.finfo(np.float64).eps)
HERE = os.path.dirname(os.path.abspath(__file__))


def rank_margin_ok(m, eps):
    """The rank rule's decision must not hang on rounding: every singular value at least 3x from the tolerance."""
    s = svdvals(np.asarray(m, dtype=np.float64))
    if s.size == 0 or s.max() == 0:
        return True
    tol = s.max() * eps * max(m.shape)
    return all(v == 0 or v / tol > 3 or v / tol < 1 / 3 for v in s)


def angles_float32_rule(a, b):
    """subspace_angles for float32 data: scipy's orth with the float32 tolerance, the rest in float64."""
    a64, b64 = np.asarray(a, np.float64), np.asarray(b, np.float64)
    qa = orth(a64, rcond=EPS32 * max(a64.shape))
    qb = orth(b64, rcond=EPS32 * max(b64.shape))
    if qa.shape[1] == 0 or qb.shape[1] == 0:
        return np.zeros(0)
    return subspace_angles(qa, qb)


def with_singular_values(rng, m, n, s):
    """An m x n matrix with the given singular values (len(s) <= min(m, n)), random singular vectors."""
    u, _ = np.linalg.qr(rng.standard_normal((m, len(s))))
    v, _ = np.linalg.qr(rng.standard_normal((n, len(s))))
    return (u * np.asarray(s)) @ v.T, u, v


def turned(rng, u, s, v, by):
    """The same singular values with the left singular vectors turned a little (known rank, new column space)."""
    u2, _ = np.linalg.qr(u + by * rng.standard_normal(u.shape))
    return (u2 * np.asarray(s)) @ v.T


def rotated_pair(thetas, extra_dims):
    """Two k-dimensional subspaces of R^(2k+extra) at exactly the given principal angles (a known answer)."""
    k = len(thetas)
    m = 2 * k + extra_dims
    a = np.zeros((m, k))
    b = np.zeros((m, k))
    for i, t in enumerate(thetas):
        a[i, i] = 1.0
        b[i, i] = np.cos(t)
        b[k + i, i] = np.sin(t)
    return a, b


def matrix_cases():
    rng = np.random.default_rng(20251201)
    c = {}
    a = rng.standard_normal((30, 6))
    c["tall-unrelated"] = (a, rng.standard_normal((30, 6)))
    c["tall-near"] = (a, a + 1e-3 * rng.standard_normal((30, 6)))
    c["tall-mixed"] = (a, np.hstack([a[:, :3] + 1e-5 * rng.standard_normal((30, 3)), rng.standard_normal((30, 3))]))
    c["known-1.2-and-1e-9"] = rotated_pair([1.2, 1e-9], 1)
    c["known-spread"] = rotated_pair([1.5, 0.9, 0.3, 0.05, 1e-4], 3)
    sq = rng.standard_normal((12, 12))
    c["square-unrelated"] = (sq, rng.standard_normal((12, 12)))
    c["square-near"] = (sq, sq + 1e-4 * rng.standard_normal((12, 12)))
    w = rng.standard_normal((6, 15))
    c["wide-unrelated"] = (w, rng.standard_normal((6, 15)))
    c["wide-rank5-of-8"] = (rng.standard_normal((8, 5)) @ rng.standard_normal((5, 20)),
                            rng.standard_normal((8, 5)) @ rng.standard_normal((5, 20)))
    low = rng.standard_normal((25, 3)) @ rng.standard_normal((3, 8))
    c["tall-rank3-vs-full"] = (low, rng.standard_normal((25, 8)))
    c["tall-full-vs-rank3"] = (rng.standard_normal((25, 8)), low + 0.0)
    dup = rng.standard_normal((20, 6))
    dup[:, 5] = dup[:, 0]
    dup[:, 3] = 0.0
    c["zero-and-duplicate-columns"] = (dup, rng.standard_normal((20, 6)))
    c["different-widths-3-vs-7"] = (rng.standard_normal((20, 3)), rng.standard_normal((20, 7)))
    c["identical"] = (a, a.copy())
    c["one-column"] = (rng.standard_normal((10, 1)), rng.standard_normal((10, 1)))
    c["scaled-1e6"] = (1e6 * a, 1e6 * (a + 1e-3 * rng.standard_normal((30, 6))))
    c["all-zero-vs-random"] = (np.zeros((7, 4)), rng.standard_normal((7, 4)))
    return c


def matrix_cases_float32():
    """float32 data where the float32 rank rule keeps fewer columns than float64 would."""
    rng = np.random.default_rng(4242)
    c = {}
    s = [1.0, 1e-1, 1e-2, 1e-4, 3e-5, 3e-7, 1e-8, 1e-9]
    a, u, v = with_singular_values(rng, 20, 8, s)
    c["graded-tall-20x8"] = (a, turned(rng, u, s, v, 1e-2))
    graded = [1.0, 0.3, 0.1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11]
    sq, u, v = with_singular_values(rng, 16, 16, graded)
    c["graded-square-16"] = (sq, turned(rng, u, graded, v, 1e-3))
    w = rng.standard_normal((6, 15))
    c["wide-6x15"] = (w, w + 1e-2 * rng.standard_normal((6, 15)))
    t = rng.standard_normal((30, 6))
    c["tall-mixed"] = (t, np.hstack([t[:, :3] + 1e-3 * rng.standard_normal((30, 3)), rng.standard_normal((30, 3))]))
    return {k: (x.astype(np.float32), y.astype(np.float32)) for k, (x, y) in c.items()}


def write_angles():
    out = []
    for name, (a, b) in matrix_cases().items():
        assert rank_margin_ok(a, EPS64) and rank_margin_ok(b, EPS64), name
        t = subspace_angles(a, b)
        out.append({"name": name, "precision": "float64", "a": a.tolist(), "b": b.tolist(), "angles": t.tolist(),
                    "mean_degrees": float(np.rad2deg(np.mean(t))) if t.size else None})
    for name, (a, b) in matrix_cases_float32().items():
        assert rank_margin_ok(a, EPS32) and rank_margin_ok(b, EPS32), name
        t = angles_float32_rule(a, b)
        t32 = subspace_angles(a, b)
        assert t32.dtype == np.float32 and t32.size == t.size, name
        out.append({"name": name, "precision": "float32", "a": a.astype(np.float64).tolist(),
                    "b": b.astype(np.float64).tolist(), "angles": t.tolist(),
                    "mean_degrees": float(np.rad2deg(np.mean(t))),
                    "scipy_float32_angles": t32.astype(np.float64).tolist(),
                    "scipy_float32_mean_degrees": float(np.rad2deg(np.mean(t32)))})
    with open(os.path.join(HERE, "angles.json"), "w") as f:
        json.dump({"made_by": versions(), "cases": out}, f, indent=1)


# ---- two checkpoints ----

CONFIG = dict(architectures=["LlamaForCausalLM"], model_type="llama", vocab_size=272, hidden_size=16,
              intermediate_size=40, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
              rms_norm_eps=1e-5, rope_theta=10000.0, max_position_embeddings=64, tie_word_embeddings=False,
              bos_token_id=1, eos_token_id=2, hidden_act="silu", torch_dtype="float32")


def llama_shapes(c):
    d, ff, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    hd = d // c["num_attention_heads"]
    q, kv = c["num_attention_heads"] * hd, c["num_key_value_heads"] * hd
    shapes = {"model.embed_tokens.weight": (v, d)}
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        shapes.update({p + "self_attn.q_proj.weight": (q, d), p + "self_attn.k_proj.weight": (kv, d),
                       p + "self_attn.v_proj.weight": (kv, d), p + "self_attn.o_proj.weight": (d, q),
                       p + "mlp.gate_proj.weight": (ff, d), p + "mlp.up_proj.weight": (ff, d),
                       p + "mlp.down_proj.weight": (d, ff), p + "input_layernorm.weight": (d,),
                       p + "post_attention_layernorm.weight": (d,)})
    shapes["model.norm.weight"] = (d,)
    shapes["lm_head.weight"] = (v, d)
    return shapes


# rows of embed_tokens / lm_head changed most: ▁Hej, ▁dig, e, <0x41> ('A'), <0xC3> (a lone UTF-8 lead byte)
HOT_ROWS = [268, 271, 261, 68, 198]


def make_checkpoints():
    rng = np.random.default_rng(777)
    shapes = llama_shapes(CONFIG)
    a, b = {}, {}
    for name, shape in shapes.items():
        if len(shape) == 1:
            w = 1.0 + 0.1 * rng.standard_normal(shape)
            a[name] = w
            b[name] = w + 0.01 * rng.standard_normal(shape)
            continue
        layer = int(name.split(".")[2]) if ".layers." in name else 0
        if name.endswith("layers.1.mlp.gate_proj.weight"):   # rank 6 in a: the rank rule keeps 6 columns
            w = rng.standard_normal((shape[0], 6)) @ rng.standard_normal((6, shape[1])) * 0.1
        else:
            w = 0.02 * rng.standard_normal(shape)
        scale = 0.002 * (1 + layer) * (3.0 if "mlp" in name else 1.0)
        change = scale * rng.standard_normal(shape)
        if "embed_tokens" in name or "lm_head" in name:
            change[HOT_ROWS] *= np.array([40.0, 30.0, 20.0, 10.0, 5.0])[:, None]
        a[name] = w
        b[name] = w + change
    a = {k: v.astype(np.float32) for k, v in a.items()}
    b = {k: v.astype(np.float32) for k, v in b.items()}
    for folder, weights in (("a", a), ("b", b)):
        os.makedirs(os.path.join(HERE, folder), exist_ok=True)
        with open(os.path.join(HERE, folder, "config.json"), "w") as f:
            json.dump(CONFIG, f, indent=2)
        write_safetensors(os.path.join(HERE, folder, "model.safetensors"), weights)
        shutil.copy(os.path.join(HERE, "..", "..", "tokenizer", "llama2-style", "tokenizer.json"),
                    os.path.join(HERE, folder, "tokenizer.json"))
    return a, b


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        raw = np.ascontiguousarray(t, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for raw in blobs:
            out.write(raw)


def tokens():
    """convert_ids_to_tokens, and each token decoded alone as the Llama-2 decoder chain does (Replace ▁, ByteFallback,
    Fuse, Strip one leading space): specials are kept."""
    with open(os.path.join(HERE, "..", "..", "tokenizer", "llama2-style", "tokenizer.json"), encoding="utf-8") as f:
        j = json.load(f)
    by_id = {i: t for t, i in j["model"]["vocab"].items()}
    out = []
    for i in range(CONFIG["vocab_size"]):
        t = by_id[i]
        if t.startswith("<0x") and t.endswith(">") and len(t) == 6:
            try:
                text = bytes([int(t[3:5], 16)]).decode("utf-8")
            except UnicodeDecodeError:
                text = "\ufffd"
        else:
            text = t.replace("\u2581", " ")
        if text.startswith(" "):
            text = text[1:]
        out.append((t, text))
    return out


def study_tables(a, b):
    """What weights.py and embeddings.py compute, then the plot helper's groups (STUDY.md A1)."""
    rows = []
    for name in a:
        wa, wb = a[name], b[name]
        row = {"name": name, "shape": list(wa.shape),
               "delta": float(np.mean(np.abs(wa.astype(np.float64) - wb.astype(np.float64)))),
               "delta_float32": float(np.mean(np.abs(wa - wb)))}
        if wa.ndim > 1:
            t = angles_float32_rule(wa, wb)
            t32 = subspace_angles(wa, wb)
            row.update(ssa=float(np.rad2deg(np.mean(t))), angles=int(t.size),
                       ssa_scipy_float32=float(np.rad2deg(np.mean(t32))))
        rows.append(row)
    by_layer, by_type = {}, {}
    for r in rows:
        if "ssa" not in r:
            continue
        parts = r["name"].split(".")
        layer = f"layer_{parts[2]}" if parts[1] == "layers" else parts[1]
        by_layer.setdefault(layer, []).append(r["ssa"])
        by_type.setdefault(parts[-2], []).append(r["ssa"])
    toks = tokens()
    emb = {}
    for name in ("model.embed_tokens.weight", "lm_head.weight"):
        l1 = np.sum(np.abs(a[name].astype(np.float64) - b[name].astype(np.float64)), axis=-1)
        order = np.argsort(-l1, kind="stable")
        emb[name] = {"l1": l1.tolist(), "min": float(l1.min()), "mean": float(l1.mean()), "max": float(l1.max()),
                     "above_mean": int(np.sum(l1 > l1.mean())), "above_zero": int(np.sum(l1 > 0)),
                     "top": [{"id": int(i), "token": toks[i][0], "text": toks[i][1], "l1": float(l1[i])}
                             for i in order[:8]]}
    return {"tensors": rows,
            "by_layer_sum": {k: float(np.sum(v)) for k, v in by_layer.items()},
            "by_layer_mean": {k: float(np.mean(v)) for k, v in by_layer.items()},
            "by_type_mean": {k: float(np.mean(v)) for k, v in by_type.items()},
            "by_type_std": {k: float(np.std(v)) for k, v in by_type.items()},
            "embeddings": emb}


def versions():
    return f"make_golden.py with numpy {np.__version__}, scipy {scipy.__version__}, python {sys.version.split()[0]}"


if __name__ == "__main__":
    write_angles()
    a, b = make_checkpoints()
    expected = study_tables(a, b)
    expected["made_by"] = versions()
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
    print(versions())
