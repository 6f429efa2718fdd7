package dk.snaklib.experiment;

import ai.djl.Device;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.train.Pretrainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Pre-training at a preset, in one call: text -> tokenizer and shards (kept in the run folder) -> a model built by
 * the preset -> {@link Pretrainer}. A run folder with checkpoints is resumed. What `snak pretrain` and the
 * notebooks call: {@code var run = Pretraining.run(Preset.TINY, texts, Path.of("runs/tiny"))}.
 */
public final class Pretraining {
    private Pretraining() {}

    public static Pretrainer.Result run(Preset preset, List<Path> texts, Path runDir) {
        return run(preset, texts, null, runDir, Device.cpu(), true, System.err);
    }

    /** With a given tokenizer (null: train one), device, and whether existing checkpoints may be resumed. */
    public static Pretrainer.Result run(Preset preset, List<Path> texts, Path tokenizer, Path runDir, Device device,
                                        boolean resume, PrintStream log) {
        PretrainData.Prepared data = PretrainData.prepare(preset, texts, tokenizer, runDir, log);
        LlamaConfig model = modelFor(preset, data.tokenizerJson());
        return new Pretrainer(new Pretrainer.Spec(runDir, data.shardsDir(), data.tokenizerJson(), model, null,
                preset.train(), device, resume), log).run();
    }

    /** The preset's model shape with the vocabulary and special tokens of {@code tokenizerJson}. */
    public static LlamaConfig modelFor(Preset preset, Path tokenizerJson) {
        try (HfTokenizer tok = HfTokenizer.load(tokenizerJson)) {
            return preset.model(tok.vocabSize(), tok.bosId().isPresent() ? tok.bosId().getAsInt() : null,
                    tok.eosId().isPresent() ? tok.eosId().getAsInt() : null);
        }
    }
}
