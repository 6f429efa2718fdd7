package dk.snaklib.tune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.experiment.Tuning;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.HfModel;
import dk.snaklib.model.NoGrad;
import dk.snaklib.model.SafeTensorsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SFT loop through {@link Tuning#run}: what LoRA training changes, the merged model, the held-out loss. */
class TunerTest {
    @TempDir
    Path work;

    @AfterEach
    void noHook() {
        Tuner.afterTraining = m -> {};
    }

    @Test
    void loraTrainingChangesEveryAdapterTensorAndNoFrozenOneAndTheMergedModelGivesTheSameLogits() throws Exception {
        Path base = TuneFixtures.base();
        Map<String, float[]> before = weights(base.resolve("model.safetensors"));
        Map<String, float[]> after = new LinkedHashMap<>();
        Tuner.afterTraining = model -> model.weights().forEach((n, w) -> after.put(n, w.toFloatArray()));
        Tuner.Result run = Tuning.run(TuneFixtures.spec(work.resolve("run"), PromptTemplate.CHAT, 150).with("steps", 6));
        assertEquals(6, run.steps());

        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, w) -> assertArrayEquals(w, after.get(name), "frozen " + name + " changed"));
        Map<String, float[]> initial = new LinkedHashMap<>();
        try (HfModel m = HfModel.open(base)) {
            var fresh = LoraAdapter.create(m.model(), PeftConfigJson.read(run.adapterDir()).config(), 42);
            fresh.trainableParameters().forEach((n, a) -> initial.put(n, a.toFloatArray()));
        }
        Map<String, float[]> trained = weights(run.adapterDir().resolve(PeftAdapterFiles.WEIGHTS));
        assertEquals(2 * 15, initial.size(), "A and B on 7 projections x 2 layers + lm_head");
        initial.forEach((name, a) -> assertFalse(Arrays.equals(a, trained.get(name)), "adapter " + name + " did not change"));

        // base + adapter and the merged folder: the same logits within 1e-5 relative
        long[] ids = {0, 17, 42, 99, 5, 250, 31, 7, 64, 128};
        float[] adapted;
        float[] merged;
        try (HfModel m = HfModel.open(base)) {
            PeftAdapterFiles.load(run.adapterDir(), m.model()).adapter().attach();
            adapted = logits(m, ids);
        }
        try (HfModel m = HfModel.open(run.mergedDir())) {
            assertNull(m.model().adapter());
            merged = logits(m, ids);
        }
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < adapted.length; i++) {
            worst = Math.max(worst, Math.abs(adapted[i] - merged[i]));
            scale = Math.max(scale, Math.abs(adapted[i]));
        }
        assertTrue(worst <= 1e-5 * scale, "max |adapted - merged| " + worst + " vs max |logit| " + scale);
        try (HfModel m = HfModel.open(base)) {
            assertFalse(Arrays.equals(logits(m, ids), adapted), "the adapter changes the logits");
        }
    }

    @Test
    void heldOutAnswerLossFallsClearlyForEveryTemplate() throws Exception {
        StringBuilder said = new StringBuilder();
        for (PromptTemplate t : PromptTemplate.NAMED) {
            // 256-token chunks: the alpaca header and prompt come before the answer
            Tuner.Result run = Tuning.run(TuneFixtures.spec(work.resolve(t.name()), t, 300).with("seq_len", 256)
                    .with(Map.of("lr", 2e-2, "micro_batch", 2, "loss_mask", "answer-only")));
            said.append(String.format("%s %.4f -> %.4f; ", t.name(), run.heldOutBefore(), run.heldOutAfter()));
            assertTrue(Double.isFinite(run.heldOutBefore()) && run.heldOutAfter() < run.heldOutBefore() - 0.2,
                    t.name() + ": " + said);
        }
        System.err.println("held-out answer loss: " + said);
    }

    private static float[] logits(HfModel m, long[] ids) {
        try (NoGrad off = NoGrad.enter(); NDManager s = m.model().manager().newSubManager()) {
            return m.model().logits(EngineArrays.longs(s, ids, new Shape(1, ids.length))).toFloatArray();
        }
    }

    private static Map<String, float[]> weights(Path file) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(); SafeTensorsFile f = SafeTensorsFile.open(file)) {
            for (String n : f.names()) {
                if (!n.endsWith("base_layer.weight")) { // PEFT's copy of lm_head beside its adapter
                    out.put(n, f.loadF32(m, n).toFloatArray());
                }
            }
        }
        assertTrue(Files.isRegularFile(file));
        return out;
    }
}
