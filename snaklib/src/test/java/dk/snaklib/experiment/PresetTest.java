package dk.snaklib.experiment;

import dk.snaklib.train.TrainConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The preset files: every value commented, the paper preset holding the study's values, overrides by name. */
class PresetTest {
    @Test
    void everyValueOfEveryPresetFileHasAOneLineComment() {
        for (String name : Preset.NAMES) {
            for (String line : Preset.yaml(name).lines().toList()) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#") || t.equals("train:")) {
                    continue;
                }
                assertTrue(t.matches("[a-z_0-9]+: \\S.*#\\s*\\S.*"), name + ".yaml: value without a comment: " + line);
            }
            assertEquals(name, Preset.named(name).name());
        }
    }

    @Test
    void paperCarriesTheStudysHyperParameters() {
        Preset p = Preset.PAPER;
        TrainConfig t = p.train();
        assertEquals(4096, p.seqLen());                       // --seq_length
        assertEquals(12_500, t.steps());                      // --train_iters
        assertEquals(1, t.microBatch());                      // --micro_batch_size
        assertEquals(512, t.sequencesPerStep());              // --global_batch_size (DP 1)
        assertEquals(15e-6, t.lr(), 0);                       // --lr
        assertEquals(5e-8, t.minLr(), 0);                     // --min_lr
        assertEquals(1250, t.warmupSteps());                  // --lr_warmup_iters
        assertEquals(1.0, t.gradClip(), 0);                   // --clip_grad
        assertEquals(0.01, t.weightDecay(), 0);               // Megatron default
        assertTrue(t.decayEmbeddings());                      // only biases and 1-D parameters are exempt
        assertEquals(0.9, t.beta1(), 0);
        assertEquals(0.999, t.beta2(), 0);
        assertEquals(1e-8, t.eps(), 0);
        assertEquals(100, t.evalEvery());                     // --eval_interval
        assertEquals(100 * 512, t.evalBatches());             // --eval_iters 100 global batches
        assertEquals(500, t.checkpointEvery());               // --save_interval
        assertEquals(8446, t.seed());                         // --seed
        assertEquals(0.03, p.valFraction(), 0);               // --split 969,30,1
        assertTrue(!p.buildsModel());                         // Llama-2-7b-hf from --init-from
    }

    @Test
    void overridesByNameAndUnknownNamesAreErrors() {
        Preset p = Preset.TINY.with(Map.of("lr", "1e-4", "steps", 40, "seq_len", 64));
        assertEquals(1e-4, p.train().lr(), 0);
        assertEquals(40, p.train().steps());
        assertEquals(64, p.seqLen());
        assertEquals(Preset.TINY.train().beta2(), p.train().beta2(), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> Preset.TINY.with(Map.of("learning_rate", 1e-4)));
        assertTrue(e.getMessage().contains("unknown preset setting \"learning_rate\"") && e.getMessage().contains("min_lr"),
                e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> Preset.TINY.with(Map.of("micro_batch", 0)));
        assertTrue(bad.getMessage().contains("micro_batch"), bad.getMessage());
    }
}
