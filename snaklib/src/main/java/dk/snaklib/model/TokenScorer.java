package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Per-token log-probabilities of a token sequence under a model. */
public final class TokenScorer {
    /**
     * Scores of one sequence: {@code logProbs[i]} = log p(ids[i] | ids[0..i-1]) for i >= 1; {@code logProbs[0]}
     * is NaN (nothing predicts the first token).
     */
    public record Scores(long[] ids, double[] logProbs) {
        /** Mean negative log-likelihood over positions 1..n-1. */
        public double nll() {
            double sum = 0;
            for (int i = 1; i < logProbs.length; i++) {
                sum -= logProbs[i];
            }
            return logProbs.length > 1 ? sum / (logProbs.length - 1) : Double.NaN;
        }

        public double perplexity() {
            return Math.exp(nll());
        }
    }

    private TokenScorer() {}

    public static Scores score(LlamaModel model, long[] ids) {
        if (ids.length > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException(ids.length + " tokens exceed the model's max_position_embeddings "
                    + model.config().maxPositionEmbeddings());
        }
        double[] out = new double[ids.length];
        out[0] = Double.NaN;
        if (ids.length < 2) {
            return new Scores(ids, out);
        }
        try (NoGrad off = NoGrad.enter(); NDManager m = model.manager().newSubManager()) {
            NDArray input = m.create(ids, new Shape(1, ids.length));
            NDArray logProbs = model.logits(input).logSoftmax(-1);                        // [1, T, V]
            long[] next = java.util.Arrays.copyOfRange(ids, 1, ids.length);
            NDArray targets = m.create(next, new Shape(1, next.length, 1));               // [1, T-1, 1]
            NDArray picked = logProbs.get(":, :-1, :").gather(targets, -1);               // [1, T-1, 1]
            float[] values = picked.toFloatArray();
            for (int i = 1; i < ids.length; i++) {
                out[i] = values[i - 1];
            }
        }
        return new Scores(ids, out);
    }
}
