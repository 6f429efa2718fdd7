package dk.snaklib.experiment;

import dk.snaklib.train.TrainConfig;
import dk.snaklib.tune.LoraConfig;
import dk.snaklib.tune.LossMask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TunePresetTest {
    /** STUDY.md A2/A3, value by value. */
    @Test
    void paperHoldsTheStudysValues() {
        TunePreset p = TunePreset.named("paper");
        LoraConfig lora = p.loraConfig("base");
        assertEquals(LoraConfig.study().r(), lora.r());
        assertEquals(128, lora.r());
        assertEquals(16, lora.loraAlpha());
        assertEquals(0.125, lora.scaling(128, 16));
        assertEquals(0.05, lora.loraDropout());
        assertEquals(LoraConfig.STUDY_TARGETS, lora.targetModules().names());
        assertFalse(lora.useRslora());
        assertEquals(4096, p.seqLen());
        assertEquals(0, p.maxPairs());
        assertEquals(LossMask.WHOLE_SEQUENCE_EOS_MASKED, p.packing().lossMask());
        assertEquals(42, p.packing().seed());
        assertEquals(1024, p.packing().numOfSequences());
        assertEquals(3.6, p.packing().charsPerToken());
        TunePreset.Train t = p.train();
        assertEquals(1, t.epochs());
        assertEquals(0, t.steps());
        assertEquals(1, t.microBatch());
        assertEquals(64, t.gradAccum());
        assertEquals(42, t.seed());
        TrainConfig tc = p.trainConfig(100);
        assertEquals(2e-4, tc.lr());
        assertEquals(2e-4, tc.minLr(), "constant");
        assertEquals(0, tc.warmupSteps(), "no warm-up");
        assertEquals(0.3, tc.gradClip());
        assertEquals(0.001, tc.weightDecay());
        assertTrue(tc.decayEmbeddings(), "transformers' Trainer decays every matrix");
        assertEquals(0.9, tc.beta1());
        assertEquals(0.999, tc.beta2());
        assertEquals(1e-8, tc.eps());
        assertEquals(64, tc.sequencesPerStep());
    }

    @Test
    void overridesByNameAndBadValuesAreRefusedNamingThem() {
        TunePreset tiny = TunePreset.named("tiny").with(Map.of("r", 4, "lr", 1e-3, "seq_len", 64, "loss_mask", "answer-only"));
        assertEquals(4, tiny.lora().r());
        assertEquals(1e-3, tiny.train().lr());
        assertEquals(64, tiny.seqLen());
        assertEquals(LossMask.ANSWER_ONLY, tiny.packing().lossMask());
        var unknown = assertThrows(IllegalArgumentException.class, () -> TunePreset.named("tiny").with(Map.of("warmup_steps", 3)));
        assertTrue(unknown.getMessage().contains("unknown tune preset setting \"warmup_steps\"")
                && unknown.getMessage().contains("lora_alpha"), unknown.getMessage());
        var mask = assertThrows(IllegalArgumentException.class, () -> TunePreset.named("tiny").with(Map.of("loss_mask", "eos")));
        assertTrue(mask.getMessage().contains("unknown loss_mask \"eos\""), mask.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TunePreset.named("tiny").with(Map.of("r", 0)).loraConfig("b"));
        assertThrows(IllegalArgumentException.class, () -> TunePreset.named("huge"));
        assertEquals(List.of("tiny", "small", "paper"), TunePreset.NAMES);
        TunePreset.NAMES.forEach(TunePreset::named);
    }
}
