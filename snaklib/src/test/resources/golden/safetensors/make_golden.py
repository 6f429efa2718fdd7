#!/usr/bin/python3
"""Golden safetensors files for snaklib's tests, written by an implementation independent of snaklib.

Uses torch (Debian's python3-torch 1.13) for the tensors and their dtype conversions, and json/struct for the
safetensors format, written here from the spec (the safetensors package is not used). Run from this folder:

    /usr/bin/python3 make_golden.py

It (re)creates:
  tiny-llama/          config.json, generation_config.json, model.safetensors (embed F16, layers BF16, norms F32,
                       lm_head F16)
  tiny-llama-sharded/  config.json, model-0000N-of-00003.safetensors, model.safetensors.index.json
  rounding.safetensors "x" F32 and torch's own narrowing of it: "x_bf16" BF16 and "x_f16" F16
  expected.json        per tensor: dtype, shape, float64 sum / abs-sum / square-sum of the finite values
                       widened to float32, the first values, and the SHA-256 of all values as little-endian float32
"""
import hashlib
import json
import os
import struct

import torch

SEED = 20240611
CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "hidden_size": 16,
    "intermediate_size": 40,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 4,
    "hidden_act": "silu",
    "rms_norm_eps": 1e-05,
    "rope_theta": 500000.0,
    "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                     "original_max_position_embeddings": 64},
    "vocab_size": 64,
    "max_position_embeddings": 128,
    "tie_word_embeddings": False,
    "bos_token_id": 1,
    "eos_token_id": [2, 3],
    "initializer_range": 0.02,
    "torch_dtype": "bfloat16",
    "transformers_version": "4.45.0",
}
DTYPE_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def llama_tensors(c):
    """HF LlamaForCausalLM names and shapes ([out, in] for Linear), in state_dict order, with storage dtypes."""
    d, ff, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    q = c["num_attention_heads"] * c["head_dim"]
    kv = c["num_key_value_heads"] * c["head_dim"]
    out = [("model.embed_tokens.weight", (v, d), torch.float16)]
    for i in range(c["num_hidden_layers"]):
        p = "model.layers.%d." % i
        out += [(p + "self_attn.q_proj.weight", (q, d), torch.bfloat16),
                (p + "self_attn.k_proj.weight", (kv, d), torch.bfloat16),
                (p + "self_attn.v_proj.weight", (kv, d), torch.bfloat16),
                (p + "self_attn.o_proj.weight", (d, q), torch.bfloat16),
                (p + "mlp.gate_proj.weight", (ff, d), torch.bfloat16),
                (p + "mlp.up_proj.weight", (ff, d), torch.bfloat16),
                (p + "mlp.down_proj.weight", (d, ff), torch.bfloat16),
                (p + "input_layernorm.weight", (d,), torch.float32),
                (p + "post_attention_layernorm.weight", (d,), torch.float32)]
    out += [("model.norm.weight", (d,), torch.float32), ("lm_head.weight", (v, d), torch.float16)]
    return out


def make_weights():
    g = torch.Generator().manual_seed(SEED)
    weights = {}
    for name, shape, dtype in llama_tensors(CONFIG):
        if name.endswith("norm.weight"):
            x = 1.0 + 0.1 * torch.randn(shape, generator=g)
        else:
            x = 0.05 * torch.randn(shape, generator=g)
        weights[name] = x.to(dtype)  # torch's own rounding (nearest, ties to even)
    return weights


def raw_bytes(t):
    """Little-endian bytes of a contiguous tensor (this machine is little-endian)."""
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()  # numpy has no bfloat16
    return t.numpy().tobytes()


def write_safetensors(path, tensors):
    """The format by its spec: u64 LE header size, JSON header padded with spaces to 8, contiguous data.

    Like the reference writer, data is ordered by element size (widest first), then name; the header lists the
    tensors by name. So header order and data order differ, which the reader must handle.
    """
    order = sorted(tensors, key=lambda n: (-tensors[n].element_size(), n))
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name in order:
        n = tensors[name].numel() * tensors[name].element_size()
        header[name] = {"dtype": DTYPE_NAMES[tensors[name].dtype], "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + n]}
        offset += n
    header = {"__metadata__": header.pop("__metadata__"), **dict(sorted(header.items()))}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for name in order:
            f.write(raw_bytes(tensors[name]))
    return offset


def write_json(path, obj, **kw):
    with open(path, "w") as f:
        f.write(json.dumps(obj, **kw) + "\n")


def summary(t):
    w = t.to(torch.float32).contiguous()
    x = w.to(torch.float64).flatten()
    f = x[torch.isfinite(x)]  # the rounding tensors hold infinities; sums are over the finite values
    return {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape),
            "sum": f.sum().item(), "abs_sum": f.abs().sum().item(), "square_sum": (f * f).sum().item(),
            "first": x[:4].tolist(),
            "sha256_f32": hashlib.sha256(w.numpy().tobytes()).hexdigest()}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    weights = make_weights()

    single = os.path.join(here, "tiny-llama")
    os.makedirs(single, exist_ok=True)
    write_json(os.path.join(single, "config.json"), CONFIG, indent=2)
    write_json(os.path.join(single, "generation_config.json"),
               {"bos_token_id": 1, "eos_token_id": [2, 3], "temperature": 0.6, "top_p": 0.9,
                "transformers_version": "4.45.0"}, indent=2)
    write_safetensors(os.path.join(single, "model.safetensors"), weights)

    # Sharded as transformers' save_pretrained does: consecutive tensors, index with indent=2 and sorted keys.
    sharded = os.path.join(here, "tiny-llama-sharded")
    os.makedirs(sharded, exist_ok=True)
    write_json(os.path.join(sharded, "config.json"), CONFIG, indent=2)
    names = list(weights)
    cuts = [0, 10, 16, len(names)]
    weight_map, total = {}, 0
    for k in range(3):
        shard = "model-%05d-of-%05d.safetensors" % (k + 1, 3)
        part = {n: weights[n] for n in names[cuts[k]:cuts[k + 1]]}
        total += write_safetensors(os.path.join(sharded, shard), part)
        weight_map.update({n: shard for n in part})
    write_json(os.path.join(sharded, "model.safetensors.index.json"),
               {"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2, sort_keys=True)

    # Rounding reference: random values plus exact ties and edge cases, narrowed by torch.
    g = torch.Generator().manual_seed(SEED + 1)
    special = torch.tensor([0.0, -0.0, 1.0, 1.0 + 2 ** -8, 1.0 + 3 * 2 ** -8, 1.0 + 2 ** -11, 1.0 + 3 * 2 ** -11,
                            65504.0, 65520.0, 1e-8, 6e-8, 1e-40, -3.0e38, float("inf"), float("-inf")],
                           dtype=torch.float32)
    x = torch.cat([special, torch.randn(241, generator=g) * 10.0 ** torch.randint(-6, 6, (241,), generator=g)])
    rounding = {"x": x, "x_bf16": x.to(torch.bfloat16), "x_f16": x.to(torch.float16)}
    write_safetensors(os.path.join(here, "rounding.safetensors"), rounding)

    expected = {"torch_version": torch.__version__, "seed": SEED,
                "tensors": {n: summary(t) for n, t in weights.items()},
                "rounding": {n: summary(t) for n, t in rounding.items()}}
    write_json(os.path.join(here, "expected.json"), expected, indent=1)


if __name__ == "__main__":
    main()
