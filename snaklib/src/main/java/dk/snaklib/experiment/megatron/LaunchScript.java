package dk.snaklib.experiment.megatron;

import dk.snaklib.experiment.Preset;
import dk.snaklib.train.TrainConfig;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The continued pre-training launch for Megatron-LLM's {@code finetune.py}, generated from a preset (the study's:
 * {@code paper}) the way the study's 6.training.sh launched it: torchrun on one node, tensor parallel 4, bf16,
 * flash attention, sequence parallelism and selective recomputation. Every hyper-parameter of the preset becomes
 * a flag, including the ones the study left at Megatron-LLM's defaults (Adam's betas and eps, weight decay,
 * split, eval_iters, lr_decay_iters), so the script says all of it and does not depend on a default.
 *
 * <p>6.training.sh also passes {@code $COMMON_ARGS $LLAMA_ARGS}, defined only in its conversion check
 * (4.conversion_check_megatron.sh, as in Megatron-LLM's guide): whether they were set in the real run is not known.
 * {@link Options#guideArgs} true writes them out (dropout 0.0 and the Llama flags); false leaves them out as an
 * unset variable would (Megatron's dropout default 0.1; the architecture then comes from the checkpoint's args).
 */
public final class LaunchScript {
    private LaunchScript() {}

    /**
     * @param gpus        GPUs on the node (torchrun --nproc_per_node); data-parallel size = gpus / TP
     * @param masterPort  torchrun --master_port
     * @param guideArgs   pass LLAMA_ARGS and COMMON_ARGS as Megatron-LLM's guide defines them
     * @param rmsNormEps  --layernorm_epsilon of LLAMA_ARGS (the checkpoint's rms_norm_eps)
     */
    public record Options(int gpus, int masterPort, boolean guideArgs, double rmsNormEps) {
        public static Options study() {
            return new Options(4, 8000, true, Llama2Shape.RMS_EPS);
        }

        public Options withGuideArgs(boolean on) {
            return new Options(gpus, masterPort, on, rmsNormEps);
        }
    }

    /** One finetune.py flag; value null for a switch. */
    public record Flag(String name, String value, String why) {}

    /** The finetune.py flags, in the order the script lists them. */
    public static List<Flag> flags(Preset preset, MegatronLayout layout, Options o) {
        TrainConfig t = preset.train();
        int tp = layout.tensorParallel();
        if (o.gpus() % tp != 0) {
            throw new IllegalArgumentException(o.gpus() + " GPUs cannot hold tensor-parallel " + tp + " replicas whole");
        }
        int dataParallel = o.gpus() / tp;
        long globalBatch = (long) t.microBatch() * t.gradAccum() * dataParallel;
        if (t.evalBatches() % ((long) t.gradAccum() * dataParallel) != 0) {
            throw new IllegalArgumentException("preset " + preset.name() + ": eval_batches " + t.evalBatches()
                    + " is not a whole number of global batches (" + t.gradAccum() * dataParallel
                    + " micro-batches each): Megatron counts --eval_iters in global batches");
        }
        long evalIters = t.evalBatches() / ((long) t.gradAccum() * dataParallel);
        if (!t.decayEmbeddings()) {
            throw new IllegalArgumentException("preset " + preset.name() + ": decay_embeddings false cannot be said to "
                    + "Megatron-LLM, which decays every parameter except biases and 1-D ones");
        }
        if (t.keepCheckpoints() != 0) {
            throw new IllegalArgumentException("preset " + preset.name() + ": keep_checkpoints " + t.keepCheckpoints()
                    + " cannot be said to Megatron-LLM, which keeps every saved checkpoint (set it to 0)");
        }
        List<Flag> f = new ArrayList<>();
        f.add(new Flag("--tensor_model_parallel_size", Integer.toString(tp), "the study's TP 4"));
        f.add(new Flag("--pipeline_model_parallel_size", "1", "no pipeline parallelism"));
        f.add(new Flag("--load", layout.sharded(), "the sharded checkpoint"));
        f.add(new Flag("--save", layout.sharded(), "checkpoints land beside it, iter_NNNNNNN/"));
        f.add(new Flag("--tensorboard_dir", layout.tensorboard(), null));
        f.add(new Flag("--data_path", layout.dataPath(), "the tokenized corpus, without .bin/.idx"));
        f.add(new Flag("--split", split(preset.valFraction()), "val_fraction " + preset.valFraction()));
        f.add(new Flag("--model_name", "llama2", null));
        f.add(new Flag("--tokenizer_type", "SentencePieceTokenizer", null));
        f.add(new Flag("--vocab_file", layout.tokenizerModel(), "Llama-2's tokenizer.model"));
        f.add(new Flag("--bf16", null, null));
        f.add(new Flag("--use_flash_attn", null, null));
        f.add(new Flag("--no_bias_gelu_fusion", null, null));
        f.add(new Flag("--micro_batch_size", Integer.toString(t.microBatch()), null));
        f.add(new Flag("--global_batch_size", Long.toString(globalBatch), "micro_batch x grad_accum x data-parallel " + dataParallel));
        f.add(new Flag("--seq_length", Integer.toString(preset.seqLen()), null));
        f.add(new Flag("--seed", Long.toString(t.seed()), null));
        f.add(new Flag("--sequence_parallel", null, null));
        f.add(new Flag("--recompute_granularity", "selective", null));
        f.add(new Flag("--use_checkpoint_args", null, "the architecture comes from the converted checkpoint"));
        f.add(new Flag("--use_checkpoint_opt_param_scheduler", null, null));
        f.add(new Flag("--log_interval", "1", null));
        f.add(new Flag("--save_interval", Integer.toString(t.checkpointEvery()), null));
        f.add(new Flag("--eval_interval", Integer.toString(t.evalEvery()), null));
        f.add(new Flag("--eval_iters", Long.toString(evalIters), "eval_batches " + t.evalBatches() + " micro-batches / "
                + (long) t.gradAccum() * dataParallel + " per global batch"));
        f.add(new Flag("--train_iters", Long.toString(t.steps()), null));
        f.add(new Flag("--lr_decay_style", "cosine", null));
        f.add(new Flag("--lr_decay_iters", Long.toString(t.steps()), "Megatron's default: train_iters"));
        f.add(new Flag("--lr_warmup_iters", Long.toString(t.warmupSteps()), null));
        f.add(new Flag("--lr", number(t.lr()), null));
        f.add(new Flag("--min_lr", number(t.minLr()), null));
        f.add(new Flag("--clip_grad", number(t.gradClip()), null));
        f.add(new Flag("--optimizer", "adam", "Megatron's default; AdamW-style decoupled decay"));
        f.add(new Flag("--weight_decay", number(t.weightDecay()), "Megatron's default, not set by the study"));
        f.add(new Flag("--adam_beta1", number(t.beta1()), "Megatron's default"));
        f.add(new Flag("--adam_beta2", number(t.beta2()), "Megatron's default"));
        f.add(new Flag("--adam_eps", number(t.eps()), "Megatron's default"));
        if (o.guideArgs()) {
            f.add(new Flag("--hidden_dropout", "0.0", "COMMON_ARGS"));
            f.add(new Flag("--attention_dropout", "0.0", "COMMON_ARGS"));
            f.add(new Flag("--use_rms_norm", null, "LLAMA_ARGS"));
            f.add(new Flag("--glu_activation", "swiglu", "LLAMA_ARGS"));
            f.add(new Flag("--no_tie_embed_logits", null, "LLAMA_ARGS"));
            f.add(new Flag("--no_new_tokens", null, "LLAMA_ARGS"));
            f.add(new Flag("--layernorm_epsilon", number(o.rmsNormEps()), "LLAMA_ARGS"));
        }
        return List.copyOf(f);
    }

    /** The whole script: bash, the torchrun launcher, one flag per line. */
    public static String generate(Preset preset, MegatronLayout layout, Options o) {
        List<Flag> flags = flags(preset, layout, o);
        StringBuilder b = new StringBuilder();
        b.append("#!/usr/bin/env bash\n");
        b.append("# Continued pre-training with Megatron-LLM (epfLLM/Megatron-LLM finetune.py), generated by\n");
        b.append("# `snak megatron launch-script` from preset ").append(preset.name()).append(": ")
                .append(preset.description()).append('\n');
        b.append("# As the study's 6.training.sh (nlpnorth/snakmodel). Run it inside the Megatron-LLM container\n");
        b.append("# (environments/cluster/megatron/README.md) after the plan's conversion and sharding steps.\n");
        b.append(o.guideArgs() ? "# LLAMA_ARGS and COMMON_ARGS are written out as Megatron-LLM's guide defines them.\n"
                : "# LLAMA_ARGS and COMMON_ARGS are left out, as if unset (Megatron's dropout default 0.1 stays).\n");
        if (preset.train().checkpointMinutes() > 0) {
            b.append("# checkpoint_minutes ").append(preset.train().checkpointMinutes())
                    .append(" has no Megatron-LLM flag: it saves by --save_interval only.\n");
        }
        b.append("set -euo pipefail\n");
        b.append("cd \"${MEGATRON_LLM:-").append(layout.megatronLlm()).append("}\"\n");
        b.append("export CUDA_DEVICE_MAX_CONNECTIONS=1\n\n");
        b.append("torchrun --nproc_per_node ").append(o.gpus()).append(" --nnodes 1 --node_rank 0")
                .append(" --master_addr localhost --master_port ").append(o.masterPort()).append(" finetune.py");
        for (Flag f : flags) {
            b.append(" \\\n    ").append(f.name());
            if (f.value() != null) {
                b.append(' ').append(ShellCommand.quote(f.value()));
            }
        }
        b.append("\n");
        return b.toString();
    }

    /** Megatron's --split "train, valid, test" in parts of 1000: the test part is 1, as the study's default. */
    static String split(double valFraction) {
        double parts = valFraction * 1000;
        long valid = Math.round(parts);
        if (Math.abs(parts - valid) > 1e-9 || valid + 1 >= 1000) {
            throw new IllegalArgumentException("val_fraction " + valFraction + " is not a whole number of parts of 1000 "
                    + "below 0.999 (Megatron's --split)");
        }
        return (1000 - valid - 1) + "," + valid + ",1";
    }

    /** Shortest decimal that reads back as the same double (1.5E-5 -> 1.5e-05 style is avoided: 1.5e-5). */
    static String number(double v) {
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
        if (s.contains("e")) {
            s = s.replace("e+", "e");
        } else if (!s.contains(".")) {
            s = s + ".0";
        }
        return s;
    }
}
