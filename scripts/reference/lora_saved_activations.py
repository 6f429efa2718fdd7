#!/usr/bin/env python3
"""Independent reference (PyTorch, not our code): how many bytes autograd saves for the backward of one micro-batch of
a Llama at the `small` preset's shape, with full fine-tuning and with PEFT-style LoRA (base(x) + B(A(dropout(x))) *
alpha/r on q k v o gate up down and lm_head), plus the gradient + AdamW state of the trainable values (12 bytes each).
It answers whether LoRA at 6M parameters *can* use less memory than full fine-tuning, whatever the framework.

Saved tensors are counted once per storage (q, k and v share their input) through torch.autograd.graph's
saved_tensors_hooks; parameters are not counted (they exist either way). Written from the published maths
(Llama: RMSNorm, RoPE omitted as it saves nothing large; PEFT's LoRA forward), for docs/benchmarks.md.
Usage: /usr/bin/python3 scripts/reference/lora_saved_activations.py [micro_batch] [seq]
"""
import sys
import torch
import torch.nn.functional as F

d, ffn, layers, heads, kv_heads, vocab = 256, 688, 6, 8, 4, 4096   # presets/small.yaml
r, alpha = 16, 16                                                   # presets/tune/small.yaml
batch = int(sys.argv[1]) if len(sys.argv) > 1 else 8
seq = int(sys.argv[2]) if len(sys.argv) > 2 else 256
hd = d // heads
torch.manual_seed(0)


def linear_weights(out_f, in_f):
    return torch.randn(out_f, in_f) * 0.02


names = ["q", "k", "v", "o", "gate", "up", "down"]
shapes = {"q": (d, d), "k": (kv_heads * hd, d), "v": (kv_heads * hd, d), "o": (d, d),
          "gate": (ffn, d), "up": (ffn, d), "down": (d, ffn)}


def build(mode, dropout):
    w = {"embed": torch.randn(vocab, d) * 0.02, "lm_head": linear_weights(vocab, d), "norm": torch.ones(d)}
    for l in range(layers):
        for n in names:
            w[f"{l}.{n}"] = linear_weights(*shapes[n])
        w[f"{l}.ln1"] = torch.ones(d)
        w[f"{l}.ln2"] = torch.ones(d)
    lora = {}
    if mode == "lora":
        for key in [k for k in w if k.split(".")[-1] in names] + ["lm_head"]:
            out_f, in_f = w[key].shape
            a = torch.empty(r, in_f)
            torch.nn.init.kaiming_uniform_(a, a=5 ** 0.5)
            lora[key] = (a.requires_grad_(), (torch.randn(out_f, r) * 0.01).requires_grad_())
    for t in w.values():
        t.requires_grad_(mode == "full")
    return w, lora


def proj(x, w, lora, key, dropout, training=True):
    y = F.linear(x, w[key])
    if key in lora:
        a, b = lora[key]
        y = y + F.linear(F.linear(F.dropout(x, dropout, training), a), b) * (alpha / r)
    return y


def rms(x, g):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * g


def loss_of(ids, w, lora, dropout):
    x = F.embedding(ids, w["embed"])
    mask = torch.full((seq, seq), float("-inf")).triu(1)
    for l in range(layers):
        a = rms(x, w[f"{l}.ln1"])
        q = proj(a, w, lora, f"{l}.q", dropout).view(batch, seq, heads, hd).transpose(1, 2)
        k = proj(a, w, lora, f"{l}.k", dropout).view(batch, seq, kv_heads, hd).transpose(1, 2)
        v = proj(a, w, lora, f"{l}.v", dropout).view(batch, seq, kv_heads, hd).transpose(1, 2)
        k = k.repeat_interleave(heads // kv_heads, 1)
        v = v.repeat_interleave(heads // kv_heads, 1)
        p = torch.softmax(q @ k.transpose(-1, -2) / hd ** 0.5 + mask, -1)
        attn = (p @ v).transpose(1, 2).reshape(batch, seq, d)
        x = x + proj(attn, w, lora, f"{l}.o", dropout)
        h = rms(x, w[f"{l}.ln2"])
        x = x + proj(F.silu(proj(h, w, lora, f"{l}.gate", dropout)) * proj(h, w, lora, f"{l}.up", dropout),
                     w, lora, f"{l}.down", dropout)
    logits = proj(rms(x, w["norm"]), w, lora, "lm_head", dropout)
    return F.cross_entropy(logits.view(-1, vocab), ids.view(-1))


def measure(mode, dropout):
    w, lora = build(mode, dropout)
    params = {t.data_ptr() for t in w.values()} | {t.data_ptr() for ab in lora.values() for t in ab}
    seen = {}

    def pack(t):
        ptr = t.data_ptr()
        if ptr not in params:
            st = t.storage() if hasattr(t, "storage") else t.untyped_storage()
            seen[st.data_ptr()] = st.nbytes() if hasattr(st, "nbytes") else st.size() * t.element_size()
        return t

    ids = torch.randint(0, vocab, (batch, seq))
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        loss = loss_of(ids, w, lora, dropout)
    trainable = sum(t.numel() for ab in lora.values() for t in ab) if mode == "lora" else sum(t.numel() for t in w.values())
    saved = sum(seen.values())
    loss.backward()
    return saved, trainable


print(f"micro-batch {batch} x {seq} tokens, d {d}, ffn {ffn}, {layers} layers, vocab {vocab}, LoRA r {r}; torch {torch.__version__}")
print(f"{'mode':<22}{'saved activations MB':>22}{'trainable':>12}{'grad+AdamW MB':>15}{'sum MB':>10}")
for mode, p in [("full", 0.0), ("lora, dropout 0.05", 0.05), ("lora, dropout 0", 0.0)]:
    saved, trainable = measure(mode.split(",")[0], p)
    state = 12 * trainable
    print(f"{mode:<22}{saved / 1e6:>22.1f}{trainable:>12,}{state / 1e6:>15.1f}{(saved + state) / 1e6:>10.1f}")
