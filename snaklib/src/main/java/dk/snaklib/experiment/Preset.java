package dk.snaklib.experiment;

import dk.snaklib.model.LlamaConfig;
import dk.snaklib.train.TrainConfig;

import java.util.List;
import java.util.Locale;

/**
 * A named scale at which the study is replayed (DESIGN.md, "Presets"). Every value can be overridden by a flag.
 *
 * @param name          tiny, small, gpu or paper
 * @param vocabSize     BPE vocabulary trained for this scale (ignored when starting from an HF checkpoint)
 * @param hiddenSize    model width
 * @param intermediate  SwiGLU width
 * @param layers        decoder blocks
 * @param heads         query heads
 * @param kvHeads       key/value heads
 * @param seqLen        training sequence length in tokens
 * @param maxTextBytes  cap on the text read for tokenizer training and packing (0 = all)
 * @param valFraction   share of sequences held out for validation
 * @param train         optimiser and loop settings
 */
public record Preset(String name, int vocabSize, int hiddenSize, int intermediate, int layers, int heads, int kvHeads,
                     int seqLen, long maxTextBytes, double valFraction, TrainConfig train) {

    /** ~0.2M parameters: the whole replay in minutes on 2 cores (CI, tests). */
    public static final Preset TINY = new Preset("tiny", 1024, 64, 176, 2, 4, 2, 128, 4_000_000, 0.05,
            new TrainConfig(300, 8, 1, 3e-3, 3e-4, 30, 0.1, false, 0.9, 0.95, 1e-8, 1.0, 50, 4, 50, 3, 8446));

    /** ~6M parameters: a laptop's default, the replay within an hour on 2 cores. */
    public static final Preset SMALL = new Preset("small", 4096, 256, 688, 6, 8, 4, 256, 0, 0.02,
            new TrainConfig(1000, 8, 2, 1e-3, 1e-4, 100, 0.1, false, 0.9, 0.95, 1e-8, 1.0, 100, 8, 250, 3, 8446));

    /** A 1B-class HF checkpoint on one CUDA GPU (model from --init-from). */
    public static final Preset GPU = new Preset("gpu", 0, 0, 0, 0, 0, 0, 2048, 0, 0.005,
            new TrainConfig(5000, 4, 16, 2e-5, 2e-7, 500, 0.01, false, 0.9, 0.999, 1e-8, 1.0, 250, 16, 500, 0, 8446));

    /** The study's hyper-parameters (STUDY.md): Llama-2-7b-hf, 12,500 steps of 512 x 4,096 tokens. */
    public static final Preset PAPER = new Preset("paper", 0, 0, 0, 0, 0, 0, 4096, 0, 0.001,
            new TrainConfig(12_500, 1, 512, 1.5e-5, 5e-8, 1250, 0.01, false, 0.9, 0.999, 1e-8, 1.0, 500, 64, 500, 0, 8446));

    public static final List<Preset> ALL = List.of(TINY, SMALL, GPU, PAPER);

    public static Preset named(String name) {
        for (Preset p : ALL) {
            if (p.name().equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset \"" + name + "\" (known: tiny, small, gpu, paper)");
    }

    /** Whether this preset defines a model to build from scratch (tiny, small) or expects an HF checkpoint. */
    public boolean buildsModel() {
        return hiddenSize > 0;
    }

    /** The model this preset builds from scratch, for a tokenizer of {@code vocab} tokens. */
    public LlamaConfig model(int vocab, Integer bos, Integer eos) {
        if (!buildsModel()) {
            throw new IllegalArgumentException("preset " + name + " continues from a Hugging Face checkpoint: pass --init-from DIR");
        }
        return LlamaConfig.of(vocab, hiddenSize, intermediate, layers, heads, kvHeads, Math.max(seqLen, 2048))
                .withSpecialTokens(bos, eos == null ? List.of() : List.of(eos));
    }

    public Preset withTrain(TrainConfig t) {
        return new Preset(name, vocabSize, hiddenSize, intermediate, layers, heads, kvHeads, seqLen, maxTextBytes, valFraction, t);
    }
}
