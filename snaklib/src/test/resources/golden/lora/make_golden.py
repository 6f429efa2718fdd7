#!/usr/bin/python3
"""Golden tensors for snaklib's LoRA: a tiny Llama with LoRA on all eight module kinds (q, k, v, o, gate, up, down,
lm_head), written from PEFT's published maths in plain PyTorch (no peft, no transformers), run in float64:

    y = x W^T + scale * (x A^T) B^T,  scale = lora_alpha / r  (lora_alpha / sqrt(r) with use_rslora),
    rank and alpha per module from rank_pattern / alpha_pattern (first key k with re.match(rf"(.*\\.)?({k})$", name)),
    A [r, in] ~ kaiming_uniform_(a=sqrt(5)), B [out, r] (random here, standing in for a trained adapter),
    merged W' = W + scale * B @ A.

Run with Debian's interpreter and torch (apt-get install python3-torch):
    cd snaklib/src/test/resources/golden/lora && /usr/bin/python3 make_golden.py
Per case it writes <case>/base/ (a Hugging Face model folder: config.json, model.safetensors), <case>/adapter/ (a PEFT
adapter folder as PEFT 0.20.0 saves it: adapter_config.json with its full key set, adapter_model.safetensors with
base_model.model.<module>.lora_A.weight / .lora_B.weight and, as save_embedding_layers="auto" does for a targeted
lm_head, base_model.model.lm_head.base_layer.weight), <case>/inputs.json, and <case>/expected.safetensors: logits,
loss, grad.<PEFT name> for every lora_A and lora_B, merged.<weight name> for every adapted base weight.
The Llama helpers (RoPE, RMSNorm, init, safetensors writer) come from ../llama/make_golden.py.
"""
import importlib.util
import json
import math
import os
import re
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("llama_golden", os.path.join(HERE, "..", "llama", "make_golden.py"))
llama = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(llama)

KINDS = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
         "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"]

CASES = {
    # Untied head, GQA; the study's target list (suffix match), plain alpha/r.
    "untied-list": dict(
        model=dict(vocab_size=47, hidden_size=24, intermediate_size=36, num_hidden_layers=2, num_attention_heads=4,
                   num_key_value_heads=2, rms_norm_eps=1e-5, rope_theta=10000.0, rope_scaling=None,
                   max_position_embeddings=32, tie_word_embeddings=False),
        lora=dict(r=4, lora_alpha=8, use_rslora=False, rank_pattern={}, alpha_pattern={},
                  target_modules=["k_proj", "q_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj",
                                  "lm_head"])),
    # Tied head (the adapter on lm_head sits over the embedding matrix), a regex target, rsLoRA, rank/alpha patterns.
    "tied-regex-rslora": dict(
        model=dict(vocab_size=41, hidden_size=16, intermediate_size=28, num_hidden_layers=2, num_attention_heads=4,
                   num_key_value_heads=1, head_dim=8, rms_norm_eps=1e-6, rope_theta=500000.0,
                   max_position_embeddings=32, tie_word_embeddings=True,
                   rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                     original_max_position_embeddings=16)),
        lora=dict(r=8, lora_alpha=4, use_rslora=True, rank_pattern={"mlp.down_proj": 2}, alpha_pattern={"lm_head": 3},
                  target_modules=r"model\.layers\.\d+\.(self_attn|mlp)\.\w+_proj|lm_head")),
}


def linear_modules(cfg):
    d, f = cfg["hidden_size"], cfg["intermediate_size"]
    hd = cfg.get("head_dim") or d // cfg["num_attention_heads"]
    q, kv = cfg["num_attention_heads"] * hd, cfg["num_key_value_heads"] * hd
    sizes = [(d, q), (d, kv), (d, kv), (q, d), (d, f), (d, f), (f, d)]  # (in, out)
    out = {}
    for layer in range(cfg["num_hidden_layers"]):
        for kind, size in zip(KINDS, sizes):
            out[f"model.layers.{layer}.{kind}"] = size
    out["lm_head"] = (d, cfg["vocab_size"])
    return out


def targeted(lora, name):
    t = lora["target_modules"]
    if isinstance(t, str):
        return re.fullmatch(t, name) is not None
    return name in t or any(name.endswith("." + k) for k in t)


def pattern_value(patterns, name, default):
    for key, value in patterns.items():
        if re.match(rf"(.*\.)?({key})$", name):
            return value
    return default


def make_adapters(cfg, lora, gen):
    adapters = {}
    for name, (fan_in, fan_out) in linear_modules(cfg).items():
        if not targeted(lora, name):
            continue
        r = pattern_value(lora["rank_pattern"], name, lora["r"])
        alpha = pattern_value(lora["alpha_pattern"], name, lora["lora_alpha"])
        scale = alpha / math.sqrt(r) if lora["use_rslora"] else alpha / r
        a = torch.empty(r, fan_in, dtype=torch.float64)
        torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=gen)))
        torch.nn.init.kaiming_uniform_(a, a=math.sqrt(5))
        b = 0.2 * torch.randn(fan_out, r, generator=gen, dtype=torch.float64)
        adapters[name] = dict(A=a.float().double(), B=b.float().double(), scale=scale)
    return adapters


def forward(cfg, p, adapters, ids):
    b, t = ids.shape
    h, kv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or cfg["hidden_size"] // h
    eps = cfg["rms_norm_eps"]

    def proj(name, x, weight=None):
        w = p[name + ".weight"] if weight is None else weight
        y = x @ w.T
        if name in adapters:
            ad = adapters[name]
            y = y + ((x @ ad["A"].T) @ ad["B"].T) * ad["scale"]
        return y

    ang = torch.arange(t, dtype=torch.float64)[:, None] * llama.inverse_frequencies(cfg, hd)[None, :]
    ang = torch.cat([ang, ang], dim=-1)
    cos, sin = ang.cos(), ang.sin()
    x = p["model.embed_tokens.weight"][ids]
    causal = torch.ones(t, t, dtype=torch.bool).tril()
    for layer in range(cfg["num_hidden_layers"]):
        pre = f"model.layers.{layer}."
        a = llama.rms_norm(x, p[pre + "input_layernorm.weight"], eps)
        q = proj(pre + "self_attn.q_proj", a).view(b, t, h, hd).transpose(1, 2)
        k = proj(pre + "self_attn.k_proj", a).view(b, t, kv, hd).transpose(1, 2)
        v = proj(pre + "self_attn.v_proj", a).view(b, t, kv, hd).transpose(1, 2)
        q, k = llama.rotate(q, cos, sin), llama.rotate(k, cos, sin)
        k = k.repeat_interleave(h // kv, dim=1)
        v = v.repeat_interleave(h // kv, dim=1)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        s = s.masked_fill(~causal, float("-inf"))
        o = (s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, h * hd)
        x = x + proj(pre + "self_attn.o_proj", o)
        m = llama.rms_norm(x, p[pre + "post_attention_layernorm.weight"], eps)
        gate = proj(pre + "mlp.gate_proj", m)
        up = proj(pre + "mlp.up_proj", m)
        x = x + proj(pre + "mlp.down_proj", gate * torch.sigmoid(gate) * up)
    x = llama.rms_norm(x, p["model.norm.weight"], eps)
    head = p["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else p["lm_head.weight"]
    return proj("lm_head", x, head)


def adapter_config(lora, base):
    """What PEFT 0.20.0's LoraConfig.save_pretrained writes: asdict() minus runtime_config, sorted keys, indent 2."""
    out = {key: None for key in [
        "alora_invocation_tokens", "arrow_config", "auto_mapping", "corda_config", "eva_config", "exclude_modules",
        "layer_replication", "layers_pattern", "layers_to_transform", "lora_ga_config", "megatron_config",
        "modules_to_save", "monteclora_config", "revision", "target_parameters", "trainable_token_indices",
        "use_bdlora", "velora_config"]}
    out.update({key: False for key in ["ensure_weight_tying", "fan_in_fan_out", "lora_bias", "use_dora", "use_qalora"]})
    out.update(alpha_pattern=lora["alpha_pattern"], rank_pattern=lora["rank_pattern"], loftq_config={}, bias="none",
               init_lora_weights=True, inference_mode=True, lora_alpha=lora["lora_alpha"], lora_dropout=0.0,
               megatron_core="megatron.core", peft_type="LORA", peft_version="0.20.0", qalora_group_size=16,
               r=lora["r"], target_modules=lora["target_modules"], task_type="CAUSAL_LM",
               use_rslora=lora["use_rslora"], base_model_name_or_path=base)
    return json.dumps(out, indent=2, sort_keys=True)


def make_case(name, case, seed):
    cfg, lora = case["model"], case["lora"]
    os.makedirs(f"{name}/base", exist_ok=True)
    os.makedirs(f"{name}/adapter", exist_ok=True)
    gen = torch.Generator().manual_seed(seed)
    params = llama.init_params(cfg, gen)
    adapters = make_adapters(cfg, lora, gen)
    ids = torch.randint(0, cfg["vocab_size"], (2, 7), generator=gen)
    for ad in adapters.values():
        ad["A"].requires_grad_(True)
        ad["B"].requires_grad_(True)
    logits = forward(cfg, params, adapters, ids[:, :-1])
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, cfg["vocab_size"]), ids[:, 1:].reshape(-1))
    loss.backward()
    expected = {"logits": logits.detach().float(), "loss": loss.detach().reshape(1).float()}
    peft = "base_model.model."
    tensors = {}
    for module, ad in adapters.items():
        tensors[f"{peft}{module}.lora_A.weight"] = ad["A"].detach().float()
        tensors[f"{peft}{module}.lora_B.weight"] = ad["B"].detach().float()
        expected[f"grad.{peft}{module}.lora_A.weight"] = ad["A"].grad.float()
        expected[f"grad.{peft}{module}.lora_B.weight"] = ad["B"].grad.float()
        weight = "model.embed_tokens.weight" if module == "lm_head" and cfg["tie_word_embeddings"] else module + ".weight"
        if not (module == "lm_head" and cfg["tie_word_embeddings"]):  # merging a tied head would change the embedding
            expected[f"merged.{module}.weight"] = (params[weight] + ad["scale"] * ad["B"].detach() @ ad["A"].detach()).float()
    head = params["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else params["lm_head.weight"]
    tensors[f"{peft}lm_head.base_layer.weight"] = head.float()
    hf = dict(cfg, architectures=["LlamaForCausalLM"], model_type="llama", hidden_act="silu", torch_dtype="float32")
    with open(f"{name}/base/config.json", "w") as f:
        json.dump(hf, f, indent=2)
    llama.write_safetensors(f"{name}/base/model.safetensors", {k: v.float() for k, v in params.items()})
    llama.write_safetensors(f"{name}/adapter/adapter_model.safetensors", tensors)
    with open(f"{name}/adapter/adapter_config.json", "w") as f:
        f.write(adapter_config(lora, f"{name}/base"))
    llama.write_safetensors(f"{name}/expected.safetensors", expected)
    with open(f"{name}/inputs.json", "w") as f:
        json.dump({"input_ids": ids.tolist()}, f)
    print(name, "loss", loss.item(), "adapted modules", len(adapters))


if __name__ == "__main__":
    print("torch", torch.__version__, file=sys.stderr)
    os.chdir(HERE)
    make_case("untied-list", CASES["untied-list"], 4321)
    make_case("tied-regex-rslora", CASES["tied-regex-rslora"], 8765)
