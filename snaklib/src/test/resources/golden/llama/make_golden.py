#!/usr/bin/python3
"""Golden tensors for snaklib's Llama: an independent Llama forward/backward written from the HF architecture
description in plain PyTorch (no transformers library), run in float64.

Run with Debian's interpreter and torch (apt-get install python3-torch):
    /usr/bin/python3 make_golden.py
It writes, per case, a Hugging Face style folder <case>/ with config.json and model.safetensors (F32 weights),
plus <case>/expected.safetensors holding logits, loss and grad.<parameter name> for every parameter (computed in
F64, stored as F32), adamw.losses and adamw.after.<name> (3 AdamW steps with clipping on the same batch), and <case>/inputs.json with input_ids [2, 9] (the model sees ids[:, :-1] and is scored on
ids[:, 1:]) and the greedy continuation of 6 tokens after the first row's first 4 tokens.
"""
import json
import math
import struct
import sys

import torch

CASES = {
    # GQA 4 query heads on 2 KV heads, untied embeddings, rope_theta != 10000.
    "gqa-untied": dict(vocab_size=61, hidden_size=32, intermediate_size=40, num_hidden_layers=2,
                       num_attention_heads=4, num_key_value_heads=2, rms_norm_eps=1e-5, rope_theta=5000.0,
                       rope_scaling=None, max_position_embeddings=64, tie_word_embeddings=False),
    # Llama 3 RoPE scaling, tied embeddings, explicit head_dim different from hidden/heads.
    "llama3-tied": dict(vocab_size=53, hidden_size=24, intermediate_size=56, num_hidden_layers=2,
                        num_attention_heads=4, num_key_value_heads=1, head_dim=8, rms_norm_eps=1e-6,
                        rope_theta=500000.0, max_position_embeddings=64, tie_word_embeddings=True,
                        rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0,
                                          high_freq_factor=4.0, original_max_position_embeddings=16)),
}


def inverse_frequencies(cfg, head_dim):
    inv = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim))
    rs = cfg.get("rope_scaling")
    if rs is None:
        return inv
    factor, low, high = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
    old = rs["original_max_position_embeddings"]
    wavelen = 2 * math.pi / inv
    low_wavelen, high_wavelen = old / low, old / high
    out = torch.empty_like(inv)
    for i in range(inv.numel()):
        w = wavelen[i].item()
        if w < high_wavelen:        # high frequency: unchanged
            out[i] = inv[i]
        elif w > low_wavelen:       # low frequency: divided by factor
            out[i] = inv[i] / factor
        else:                       # in between: interpolate
            s = (old / w - low) / (high - low)
            out[i] = (1 - s) * inv[i] / factor + s * inv[i]
    return out


def rms_norm(x, w, eps):
    return w * (x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps))


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rotated * sin


def forward(cfg, p, ids):
    b, t = ids.shape
    h, kv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or cfg["hidden_size"] // h
    eps = cfg["rms_norm_eps"]
    ang = torch.arange(t, dtype=torch.float64)[:, None] * inverse_frequencies(cfg, hd)[None, :]
    ang = torch.cat([ang, ang], dim=-1)
    cos, sin = ang.cos(), ang.sin()
    x = p["model.embed_tokens.weight"][ids]
    causal = torch.ones(t, t, dtype=torch.bool).tril()
    for layer in range(cfg["num_hidden_layers"]):
        pre = f"model.layers.{layer}."
        a = rms_norm(x, p[pre + "input_layernorm.weight"], eps)
        q = (a @ p[pre + "self_attn.q_proj.weight"].T).view(b, t, h, hd).transpose(1, 2)
        k = (a @ p[pre + "self_attn.k_proj.weight"].T).view(b, t, kv, hd).transpose(1, 2)
        v = (a @ p[pre + "self_attn.v_proj.weight"].T).view(b, t, kv, hd).transpose(1, 2)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        k = k.repeat_interleave(h // kv, dim=1)
        v = v.repeat_interleave(h // kv, dim=1)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        s = s.masked_fill(~causal, float("-inf"))
        o = (s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, h * hd)
        x = x + o @ p[pre + "self_attn.o_proj.weight"].T
        m = rms_norm(x, p[pre + "post_attention_layernorm.weight"], eps)
        gate = m @ p[pre + "mlp.gate_proj.weight"].T
        up = m @ p[pre + "mlp.up_proj.weight"].T
        x = x + (gate * torch.sigmoid(gate) * up) @ p[pre + "mlp.down_proj.weight"].T
    x = rms_norm(x, p["model.norm.weight"], eps)
    head = p["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else p["lm_head.weight"]
    return x @ head.T


def init_params(cfg, gen):
    d, f = cfg["hidden_size"], cfg["intermediate_size"]
    h, kv, v = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["vocab_size"]
    hd = cfg.get("head_dim") or d // h
    shapes = {"model.embed_tokens.weight": (v, d)}
    for layer in range(cfg["num_hidden_layers"]):
        pre = f"model.layers.{layer}."
        shapes.update({
            pre + "self_attn.q_proj.weight": (h * hd, d), pre + "self_attn.k_proj.weight": (kv * hd, d),
            pre + "self_attn.v_proj.weight": (kv * hd, d), pre + "self_attn.o_proj.weight": (d, h * hd),
            pre + "mlp.gate_proj.weight": (f, d), pre + "mlp.up_proj.weight": (f, d),
            pre + "mlp.down_proj.weight": (d, f),
            pre + "input_layernorm.weight": (d,), pre + "post_attention_layernorm.weight": (d,)})
    shapes["model.norm.weight"] = (d,)
    if not cfg["tie_word_embeddings"]:
        shapes["lm_head.weight"] = (v, d)
    params = {}
    for name, shape in shapes.items():
        if len(shape) == 1:   # norms around 1 so that a wrong norm shows
            t = 1.0 + 0.1 * torch.randn(shape, generator=gen, dtype=torch.float64)
        else:                 # larger than the 0.02 init so attention is far from uniform
            t = 0.3 * torch.randn(shape, generator=gen, dtype=torch.float64)
        # round to float32 so the Java side starts from exactly these values
        params[name] = t.float().double()
    return params


def write_safetensors(path, tensors):
    codes = {torch.float32: ("F32", 4), torch.float64: ("F64", 8), torch.int64: ("I64", 8)}
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        code, size = codes[t.dtype]
        raw = t.contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for raw in blobs:
            out.write(raw)


def adamw_steps(cfg, params, ids, steps=3):
    """torch.optim.AdamW on the same batch for a few steps with global-norm clipping at 1.0: matrices decay,
    norms and embeddings do not. Returns the loss before each step and the weights after the last."""
    work = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    decay = [t for k, t in work.items() if t.dim() >= 2 and "embed_tokens" not in k and not k.startswith("lm_head")]
    keep = [t for k, t in work.items() if not (t.dim() >= 2 and "embed_tokens" not in k and not k.startswith("lm_head"))]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": keep, "weight_decay": 0.0}],
                            lr=1e-2, betas=(0.9, 0.95), eps=1e-8)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        logits = forward(cfg, work, ids[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, cfg["vocab_size"]), ids[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(work.values()), 1.0)
        opt.step()
        losses.append(loss.item())
    out = {"adamw.losses": torch.tensor(losses, dtype=torch.float32)}
    for k, t in work.items():
        out["adamw.after." + k] = t.detach().float()
    return out


def make_case(name, cfg, seed):
    import os
    os.makedirs(name, exist_ok=True)
    gen = torch.Generator().manual_seed(seed)
    params = init_params(cfg, gen)
    ids = torch.randint(0, cfg["vocab_size"], (2, 9), generator=gen)
    for t in params.values():
        t.requires_grad_(True)
    logits = forward(cfg, params, ids[:, :-1])
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, cfg["vocab_size"]), ids[:, 1:].reshape(-1))
    loss.backward()
    # float64 results rounded once to float32: far below the 1e-4 tolerance, and one dtype for every reader
    expected = {"logits": logits.detach().float(), "loss": loss.detach().reshape(1).float()}
    for pname, t in params.items():
        expected["grad." + pname] = t.grad.float()
    expected.update(adamw_steps(cfg, params, ids))
    # greedy continuation of the first row's first 4 tokens, 6 new tokens, recomputing the full prefix each time
    seq = ids[:1, :4].clone()
    with torch.no_grad():
        for _ in range(6):
            nxt = forward(cfg, params, seq)[:, -1].argmax(-1, keepdim=True)
            seq = torch.cat([seq, nxt], dim=1)
    hf = dict(cfg, architectures=["LlamaForCausalLM"], model_type="llama", hidden_act="silu", torch_dtype="float32")
    with open(f"{name}/config.json", "w") as f:
        json.dump(hf, f, indent=2)
    write_safetensors(f"{name}/model.safetensors", {k: v.detach().float() for k, v in params.items()})
    write_safetensors(f"{name}/expected.safetensors", expected)
    with open(f"{name}/inputs.json", "w") as f:
        json.dump({"input_ids": ids.tolist(), "prompt": seq[0, :4].tolist(), "greedy": seq[0].tolist()}, f)
    print(name, "loss", loss.item())


if __name__ == "__main__":
    print("torch", torch.__version__, file=sys.stderr)
    make_case("gqa-untied", CASES["gqa-untied"], 1234)
    make_case("llama3-tied", CASES["llama3-tied"], 5678)
