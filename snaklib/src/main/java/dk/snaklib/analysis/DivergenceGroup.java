package dk.snaklib.analysis;

/**
 * A group of tensors: one decoder layer (or the embeddings, or lm_head), or one module type across the layers.
 * The study plots the layer groups' {@link #sumAngleDegrees} and the module groups' {@link #meanAngleDegrees}, with
 * {@link #stdAngleDegrees} (over layers, numpy's population std) as the spread of its time series.
 *
 * @param by               what the tensors share
 * @param key              the study's key: {@code layer_3}, {@code embed_tokens}, {@code weight} (lm_head), or the HF
 *                         module name {@code q_proj}
 * @param label            what our tables and figures show: {@code EMB}, {@code 3}, {@code LMH}; or {@code Q}, {@code UP}
 * @param tensors          how many tensors
 * @param meanAbsDelta     mean over the tensors of their mean |dW|
 * @param sumAngleDegrees  sum of the tensors' mean angles (NaN for norms, which have none)
 * @param meanAngleDegrees mean of the tensors' mean angles
 * @param stdAngleDegrees  population standard deviation of the tensors' mean angles
 */
public record DivergenceGroup(By by, String key, String label, int tensors, double meanAbsDelta, double sumAngleDegrees,
                              double meanAngleDegrees, double stdAngleDegrees) {

    public enum By { LAYER, MODULE }

    static DivergenceGroup of(By by, String key, String label, java.util.List<TensorDivergence> members) {
        int n = members.size();
        double delta = members.stream().mapToDouble(TensorDivergence::meanAbsDelta).sum() / n;
        double sum = members.stream().mapToDouble(TensorDivergence::meanAngleDegrees).sum();
        double mean = sum / n;
        double var = members.stream().mapToDouble(t -> (t.meanAngleDegrees() - mean) * (t.meanAngleDegrees() - mean)).sum() / n;
        return new DivergenceGroup(by, key, label, n, delta, sum, mean, Math.sqrt(var));
    }
}
