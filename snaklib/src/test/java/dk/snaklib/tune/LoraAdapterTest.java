package dk.snaklib.tune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;
import dk.snaklib.train.AdamW;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoraAdapterTest {
    private static final LoraConfig ALL_EIGHT = LoraConfig.of(4, 8, 0.1, new TargetModules(LoraConfig.STUDY_TARGETS, null));

    static LlamaModel untied() throws Exception {
        return LoraGoldenTest.loadBase(LoraGoldenTest.caseDir("untied-list").resolve("base"));
    }

    static LlamaModel tied() throws Exception {
        return LoraGoldenTest.loadBase(LoraGoldenTest.caseDir("tied-regex-rslora").resolve("base"));
    }

    static NDArray ids(NDManager m) {
        return m.create(new long[] {1, 5, 9, 2, 33, 7, 7, 12, 3, 40}, new ai.djl.ndarray.types.Shape(2, 5));
    }

    /** Gives every B nonzero values, as training would (A already has its Kaiming init). */
    static void perturbB(LoraAdapter lora, long seed) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        try (NoGrad off = NoGrad.enter()) {
            for (LoraLayer l : lora.layers().values()) {
                try (NDArray noise = l.b().getManager().randomNormal(0f, 0.3f, l.b().getShape(),
                        ai.djl.ndarray.types.DataType.FLOAT32, l.b().getDevice())) {
                    l.b().addi(noise);
                }
            }
        }
    }

    static float[] logits(LlamaModel model, NDManager m) {
        try (NoGrad off = NoGrad.enter()) {
            return model.logits(ids(m)).toFloatArray();
        }
    }

    static double relative(float[] a, float[] b) {
        return LoraGoldenTest.relativeError(a, b);
    }

    @Test
    void withBZeroTheAdaptedLogitsEqualTheBaseExactly() throws Exception {
        try (LlamaModel model = untied(); NDManager m = model.manager().newSubManager()) {
            float[] base = logits(model, m);
            try (LoraAdapter lora = LoraAdapter.create(model, ALL_EIGHT, 42).attach()) {
                assertEquals(15, lora.modules().size());
                assertArrayEquals(base, logits(model, m), "eval mode");
                lora.train(3);
                assertArrayEquals(base, logits(model, m), "train mode, dropout on the branch only");
            }
            assertArrayEquals(base, logits(model, m), "after close the adapter is gone");
        }
    }

    @Test
    void mergedModelGivesTheAdaptedLogitsAndUnmergeRestoresTheBase(@TempDir Path tmp) throws Exception {
        try (LlamaModel model = untied(); NDManager m = model.manager().newSubManager()) {
            Map<String, float[]> original = new HashMap<>();
            model.weights().forEach((n, w) -> original.put(n, w.toFloatArray()));
            float[] base = logits(model, m);
            try (LoraAdapter lora = LoraAdapter.create(model, ALL_EIGHT, 42).attach()) {
                perturbB(lora, 1);
                float[] adapted = logits(model, m);
                assertTrue(relative(adapted, base) > 1e-2, "the adapter changes the logits");

                PeftAdapterFiles.saveMerged(tmp.resolve("merged"), lora, null, null);
                try (LlamaModel reloaded = LoraGoldenTest.loadBase(tmp.resolve("merged"));
                     NDManager m2 = reloaded.manager().newSubManager()) {
                    double err = relative(logits(reloaded, m2), adapted);
                    assertTrue(err < 1e-5, "merged HF folder vs base + adapter: relative error " + err);
                }
                lora.merge();
                assertTrue(lora.isMerged());
                double err = relative(logits(model, m), adapted);
                assertTrue(err < 1e-5, "merged in place vs base + adapter: relative error " + err);

                lora.unmerge();
                for (var e : model.weights().entrySet()) {
                    double werr = relative(e.getValue().toFloatArray(), original.get(e.getKey()));
                    assertTrue(werr < 1e-6, "unmerge restores " + e.getKey() + ": relative error " + werr);
                }
                assertTrue(relative(logits(model, m), adapted) < 1e-5, "after unmerge the branch is added again");
            }
        }
    }

    @Test
    void onlyAdapterParametersTrainAndFrozenWeightsStayBitForBit() throws Exception {
        try (LlamaModel model = untied(); NDManager m = model.manager().newSubManager()) {
            Map<String, float[]> before = new LinkedHashMap<>();
            model.weights().forEach((n, w) -> before.put(n, w.toFloatArray()));
            try (LoraAdapter lora = LoraAdapter.create(model, ALL_EIGHT, 42).attach();
                 AdamW adamw = new AdamW(lora.trainableParameters(), new AdamW.Settings(0.9, 0.999, 1e-8, 0.001, false), model.manager())) {
                Map<String, float[]> adapterBefore = new LinkedHashMap<>();
                lora.trainableParameters().forEach((n, p) -> adapterBefore.put(n, p.toFloatArray()));
                lora.train(5);
                NDArray x = ids(m);
                NDArray y = ids(m);
                for (int step = 0; step < 2; step++) {
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        gc.backward(model.loss(x, y));
                    }
                    for (var w : model.weights().entrySet()) {
                        assertFalse(w.getValue().hasGradient(), "frozen " + w.getKey() + " has a gradient");
                    }
                    Map<String, NDArray> grads = new LinkedHashMap<>();
                    lora.trainableParameters().forEach((n, p) -> grads.put(n, p.getGradient()));
                    adamw.update(grads, 1e-2);
                    try (NoGrad off = NoGrad.enter()) {
                        grads.values().forEach(g -> g.subi(g)); // zero for the next step
                    }
                }
                for (var w : model.weights().entrySet()) {
                    assertArrayEquals(before.get(w.getKey()), w.getValue().toFloatArray(), "frozen " + w.getKey() + " changed");
                }
                for (var e : lora.trainableParameters().entrySet()) {
                    assertFalse(java.util.Arrays.equals(adapterBefore.get(e.getKey()), e.getValue().toFloatArray()),
                            e.getKey() + " did not train");
                }
            }
        }
    }

    @Test
    void dropoutIsSeededAndOnlyInTraining() throws Exception {
        try (LlamaModel model = untied(); NDManager m = model.manager().newSubManager()) {
            float[] eval;
            float[] first;
            float[] sameSeed;
            float[] otherSeed;
            try (LoraAdapter lora = LoraAdapter.create(model, ALL_EIGHT, 42).attach()) {
                perturbB(lora, 2);
                eval = logits(model, m);
                lora.train(11);
                first = logits(model, m);
                lora.train(11);
                sameSeed = logits(model, m);
                lora.train(12);
                otherSeed = logits(model, m);
                lora.eval();
                assertArrayEquals(eval, logits(model, m), "eval mode has no dropout");
            }
            assertArrayEquals(first, sameSeed, "same dropout seed, same masks");
            assertTrue(relative(first, eval) > 1e-4, "dropout changes the training forward");
            assertTrue(relative(first, otherSeed) > 1e-4, "another seed, other masks");
        }
    }

    @Test
    void initIsKaimingUniformForAAndZerosForB() throws Exception {
        try (LlamaModel model = untied();
             LoraAdapter lora = LoraAdapter.create(model, LoraConfig.of(16, 16, 0, TargetModules.of("gate_proj", "down_proj")), 7)) {
            for (LoraLayer l : lora.layers().values()) {
                float[] a = l.a().toFloatArray();
                double bound = 1 / Math.sqrt(l.target().in());
                double sumSq = 0;
                double max = 0;
                for (float v : a) {
                    assertTrue(Math.abs(v) <= bound, l.module() + " A value " + v + " outside +-" + bound);
                    sumSq += v * v;
                    max = Math.max(max, Math.abs(v));
                }
                double variance = sumSq / a.length;
                assertEquals(bound * bound / 3, variance, 0.15 * bound * bound / 3, l.module() + " variance of U(-b, b)");
                assertTrue(max > 0.9 * bound, "spans the interval");
                for (float v : l.b().toFloatArray()) {
                    assertEquals(0f, v);
                }
                assertEquals(16.0 / 16, l.target().scale());
            }
            LoraAdapter again = LoraAdapter.create(model, LoraConfig.of(16, 16, 0, TargetModules.of("gate_proj", "down_proj")), 7);
            assertArrayEquals(lora.layers().get("model.layers.1.mlp.down_proj").a().toFloatArray(),
                    again.layers().get("model.layers.1.mlp.down_proj").a().toFloatArray(), "same seed, same init");
            again.close();
        }
    }

    @Test
    void trainableParametersAreNamedAsPeftSavesThem() throws Exception {
        try (LlamaModel model = untied(); LoraAdapter lora = LoraAdapter.create(model, LoraConfig.study(), 1)) {
            var params = lora.trainableParameters();
            assertEquals(2 * (7 * 2 + 1), params.size());
            NDArray qa = params.get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
            NDArray headB = params.get("base_model.model.lm_head.lora_B.weight");
            assertEquals(new ai.djl.ndarray.types.Shape(128, 24), qa.getShape());   // [r, in]
            assertEquals(new ai.djl.ndarray.types.Shape(47, 128), headB.getShape()); // [out, r]
            assertEquals(0.125, lora.layers().get("lm_head").target().scale(), "alpha 16 / r 128");
            long expected = 0;
            for (var t : LoraTargets.resolve(LoraConfig.study(), model.config())) {
                expected += 128L * (t.in() + t.out());
            }
            assertEquals(expected, lora.parameterCount());
        }
    }

    @Test
    void mergingAnLmHeadAdapterOverTiedEmbeddingsIsRefused() throws Exception {
        try (LlamaModel model = tied(); LoraAdapter lora = LoraAdapter.create(model, ALL_EIGHT, 1)) {
            var e = assertThrows(IllegalStateException.class, lora::merge);
            assertTrue(e.getMessage().contains("tied"), e.getMessage());
            assertFalse(lora.isMerged());
        }
        try (LlamaModel model = tied();
             LoraAdapter lora = LoraAdapter.create(model, LoraConfig.of(4, 8, 0, TargetModules.allLinear()), 1)) {
            assertFalse(lora.modules().contains("lm_head"), "all-linear leaves the output layer out");
            lora.merge(); // fine without lm_head
            assertTrue(lora.isMerged());
        }
    }

    @Test
    void secondAdapterOnTheSameModelIsRefused() throws Exception {
        try (LlamaModel model = untied();
             LoraAdapter one = LoraAdapter.create(model, ALL_EIGHT, 1).attach();
             LoraAdapter two = LoraAdapter.create(model, ALL_EIGHT, 2)) {
            assertThrows(IllegalStateException.class, two::attach);
            assertTrue(model.adapter() == one, "the first stays attached");
        }
    }
}
