#!/usr/bin/python3
"""Golden RoPE values at long positions (past 512), for snaklib's RotaryEmbedding and its KV-cache path.

Run with Debian's interpreter and torch (apt-get install python3-torch), from this folder:
    /usr/bin/python3 make_golden.py
Writes:
- tables.safetensors: for two RoPE settings (see ROPES), at positions POSITIONS:
  <rope>.inv_freq [hd/2] (F64), <rope>.cos / <rope>.sin [P, hd] and <rope>.x / <rope>.rotated [1, P, hd] (x random,
  rotated = x * cos + rotate_half(x) * sin), all computed in float64 ("exact"), plus <rope>.hf_fp32.cos / .sin:
  the same tables the way transformers computes them (inv_freq and angles in float32), to show how far HF's own
  float32 tables are from exact at these positions.
- <case>/ (plain-600, llama3-600): a tiny Llama folder (config.json, model.safetensors) and expected.safetensors with
  the float64 logits [T, V] of one sequence of T = 600 tokens (ids in inputs.json), from the independent Llama in
  ../llama/make_golden.py, so positions 512..599 are checked through the model and its KV cache.
The RoPE frequencies here follow transformers' modeling_rope_utils (default and llama3), written vectorised with
torch.where, independently of the loop in ../llama/make_golden.py; the script checks the two agree.
"""
import importlib.util
import json
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("llama_golden", os.path.join(HERE, "..", "llama", "make_golden.py"))
llama = importlib.util.module_from_spec(spec)
spec.loader.exec_module(llama)

HEAD_DIM = 64
# Llama-2's RoPE, and Llama-3.1's scaled one (all three bands of wavelengths occur for head_dim 64 at theta 5e5).
ROPES = {
    "plain": dict(rope_theta=10000.0, rope_scaling=None),
    "llama3": dict(rope_theta=500000.0, rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0,
                                                          high_freq_factor=4.0, original_max_position_embeddings=8192)),
}
# Around 512, a long stretch past it, and far out (Llama-3.1's 131072-token context).
POSITIONS = list(range(500, 780)) + [2047, 2048, 4095, 4096, 8191, 8192, 16384, 65535, 131071]


def inv_freq_hf(rope, head_dim, dtype):
    """transformers' _compute_default_rope_parameters and _compute_llama3_parameters, in the given dtype."""
    inv = 1.0 / (rope["rope_theta"] ** (torch.arange(0, head_dim, 2, dtype=torch.int64).to(dtype) / head_dim))
    rs = rope["rope_scaling"]
    if rs is None:
        return inv
    factor, low, high = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
    old = rs["original_max_position_embeddings"]
    low_wavelen, high_wavelen = old / low, old / high
    wavelen = 2 * math.pi / inv
    scaled = torch.where(wavelen > low_wavelen, inv / factor, inv)
    smooth = (old / wavelen - low) / (high - low)
    smoothed = (1 - smooth) * scaled / factor + smooth * scaled
    medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
    return torch.where(medium, smoothed, scaled)


def tables(inv, positions, dtype):
    """cos, sin [P, hd] as LlamaRotaryEmbedding.forward: angles = positions x inv_freq, repeated for both halves."""
    pos = torch.tensor(positions, dtype=torch.int64).to(dtype)
    angles = pos[:, None] * inv.to(dtype)[None, :]
    emb = torch.cat([angles, angles], dim=-1)
    return emb.cos(), emb.sin()


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def write_tables(gen):
    out = {}
    for name, rope in ROPES.items():
        inv = inv_freq_hf(rope, HEAD_DIM, torch.float64)
        reference = llama.inverse_frequencies(dict(rope), HEAD_DIM)
        assert torch.allclose(inv, reference, rtol=1e-14, atol=0), name + ": the two RoPE references disagree"
        cos, sin = tables(inv, POSITIONS, torch.float64)
        x = torch.randn(1, len(POSITIONS), HEAD_DIM, generator=gen, dtype=torch.float64).float().double()
        hf_cos, hf_sin = tables(inv_freq_hf(rope, HEAD_DIM, torch.float32), POSITIONS, torch.float32)
        out.update({f"{name}.inv_freq": inv, f"{name}.cos": cos.float(), f"{name}.sin": sin.float(),
                    f"{name}.x": x.float(), f"{name}.rotated": (x * cos + rotate_half(x) * sin).float(),
                    f"{name}.hf_fp32.cos": hf_cos, f"{name}.hf_fp32.sin": hf_sin})
        far = max(abs(hf_cos.double() - cos).max().item(), abs(hf_sin.double() - sin).max().item())
        print(f"{name}: HF float32 tables differ from exact by up to {far:.2e} at positions up to {POSITIONS[-1]}")
    out["positions"] = torch.tensor(POSITIONS, dtype=torch.int64)
    llama.write_safetensors(os.path.join(HERE, "tables.safetensors"), out)


def write_model_case(name, rope, gen, tokens=600):
    cfg = dict(vocab_size=61, hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
               num_key_value_heads=2, head_dim=8, rms_norm_eps=1e-5, max_position_embeddings=1024,
               tie_word_embeddings=False, **rope)
    if rope["rope_scaling"] is not None:  # scaled for this small context, so that every band occurs
        cfg["rope_scaling"] = dict(rope["rope_scaling"], original_max_position_embeddings=256)
    params = llama.init_params(cfg, gen)
    ids = torch.randint(0, cfg["vocab_size"], (1, tokens), generator=gen)
    with torch.no_grad():
        logits = llama.forward(cfg, params, ids)[0]            # [T, V], float64
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    hf = dict(cfg, architectures=["LlamaForCausalLM"], model_type="llama", hidden_act="silu", torch_dtype="float32")
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(hf, f, indent=2, sort_keys=True)
    llama.write_safetensors(os.path.join(folder, "model.safetensors"), {k: v.float() for k, v in params.items()})
    llama.write_safetensors(os.path.join(folder, "expected.safetensors"), {"logits": logits.float()})
    with open(os.path.join(folder, "inputs.json"), "w") as f:
        json.dump({"input_ids": ids[0].tolist()}, f)


if __name__ == "__main__":
    print("torch", torch.__version__, file=sys.stderr)
    g = torch.Generator().manual_seed(512)
    write_tables(g)
    write_model_case("plain-600", ROPES["plain"], g)
    write_model_case("llama3-600", ROPES["llama3"], g)
