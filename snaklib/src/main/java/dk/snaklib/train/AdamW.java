package dk.snaklib.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dk.snaklib.model.NoGrad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * AdamW (decoupled weight decay, as torch.optim.AdamW) with two parameter groups: matrices decay, norms and
 * biases do not; embeddings decay only when asked. DJL's own optimizers have one decay for all parameters and
 * cannot save their moments, so this one keeps its state as named NDArrays that a checkpoint can store.
 */
public final class AdamW implements AutoCloseable {
    /** Hyper-parameters; weightDecay applies to the decay group only. */
    public record Settings(double beta1, double beta2, double eps, double weightDecay, boolean decayEmbeddings) {
        public static Settings defaults() {
            return new Settings(0.9, 0.95, 1e-8, 0.1, false);
        }
    }

    private final Settings settings;
    private final NDManager manager;
    private final LinkedHashMap<String, NDArray> params;
    private final LinkedHashMap<String, NDArray> expAvg = new LinkedHashMap<>();    // first moments, by name
    private final LinkedHashMap<String, NDArray> expAvgSq = new LinkedHashMap<>();  // second moments, by name
    private final List<String> decay = new ArrayList<>();
    private final List<String> noDecay = new ArrayList<>();
    private long step;

    public AdamW(Map<String, NDArray> params, Settings settings, NDManager parent) {
        this.settings = settings;
        this.params = new LinkedHashMap<>(params);
        this.manager = parent.newSubManager();
        Predicate<String> isEmbedding = n -> n.contains("embed_tokens") || n.startsWith("lm_head");
        params.forEach((name, p) -> {
            boolean matrix = p.getShape().dimension() >= 2;
            boolean decays = matrix && (settings.decayEmbeddings() || !isEmbedding.test(name));
            (decays ? decay : noDecay).add(name);
            expAvg.put(name, manager.zeros(p.getShape(), DataType.FLOAT32, p.getDevice()));
            expAvgSq.put(name, manager.zeros(p.getShape(), DataType.FLOAT32, p.getDevice()));
        });
    }

    /** The parameters this optimizer updates, by name (the arrays themselves are live). */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(params);
    }

    public List<String> decayGroup() {
        return List.copyOf(decay);
    }

    public List<String> noDecayGroup() {
        return List.copyOf(noDecay);
    }

    /** Number of updates applied so far (drives bias correction). */
    public long stepCount() {
        return step;
    }

    /**
     * One update with learning rate {@code lr} from the given gradients (by parameter name), in place:
     * p -= lr * wd * p (decay group only); m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
     * p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
     */
    public void update(Map<String, NDArray> grads, double lr) {
        step++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double correction1 = 1 - Math.pow(b1, step);
        double correction2 = 1 - Math.pow(b2, step);
        double stepSize = lr / correction1;
        double sqrtCorrection2 = Math.sqrt(correction2);
        try (NoGrad off = NoGrad.enter(); NDManager scratch = manager.newSubManager()) {
            for (String name : decay) {
                params.get(name).muli((float) (1 - lr * settings.weightDecay()));
            }
            for (var e : params.entrySet()) {
                NDArray g = grads.get(e.getKey());
                if (g == null) {
                    throw new IllegalStateException("no gradient for " + e.getKey());
                }
                NDArray m = expAvg.get(e.getKey());
                NDArray v = expAvgSq.get(e.getKey());
                m.muli((float) b1).addi(temp(scratch, g.mul((float) (1 - b1))));
                v.muli((float) b2).addi(temp(scratch, g.square().muli((float) (1 - b2))));
                NDArray denom = temp(scratch, v.sqrt()).divi((float) sqrtCorrection2).addi((float) settings.eps());
                NDArray delta = temp(scratch, m.div(denom)).muli((float) stepSize);
                e.getValue().subi(delta);
            }
        }
    }

    /** Ops on long-lived arrays put their results in the long-lived manager: move them to the step's scratch. */
    private static NDArray temp(NDManager scratch, NDArray a) {
        a.attach(scratch);
        return a;
    }

    /** The moments by name, as torch names them: {@code exp_avg.<param>} and {@code exp_avg_sq.<param>}. */
    public LinkedHashMap<String, NDArray> state() {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        expAvg.forEach((n, a) -> out.put("exp_avg." + n, a));
        expAvgSq.forEach((n, a) -> out.put("exp_avg_sq." + n, a));
        return out;
    }

    /**
     * Restores moments and step count saved by {@link #state()}. The saved arrays are copied into new arrays (not
     * written into the old ones: DJL's set() goes through a libtorch guard that is deprecated for such writes).
     */
    public void restore(Map<String, NDArray> saved, long stepCount) {
        restoreInto(expAvg, "exp_avg.", saved);
        restoreInto(expAvgSq, "exp_avg_sq.", saved);
        this.step = stepCount;
    }

    private void restoreInto(Map<String, NDArray> moments, String prefix, Map<String, NDArray> saved) {
        for (var e : moments.entrySet()) {
            NDArray src = saved.get(prefix + e.getKey());
            if (src == null || !src.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("optimizer state lacks " + prefix + e.getKey() + " "
                        + e.getValue().getShape() + (src == null ? "" : " (found " + src.getShape() + ")"));
            }
        }
        try (NoGrad off = NoGrad.enter()) {
            for (var e : moments.entrySet()) {
                NDArray copy = saved.get(prefix + e.getKey()).toType(DataType.FLOAT32, true)
                        .toDevice(e.getValue().getDevice(), false);
                copy.attach(manager);
                e.getValue().close();
                e.setValue(copy);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
