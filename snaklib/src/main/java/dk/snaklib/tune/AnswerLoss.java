package dk.snaklib.tune;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The held-out answer loss: the mean negative log-likelihood of the answer tokens given the prompt (the closing EOS
 * is not scored: see {@link SftData#prepare}), over every token of every example together (so long answers weigh by their length, as one
 * masked cross-entropy over the whole set would). Examples are scored in batches of similar length, padded on the
 * right: the model is causal, so padding after a sequence changes nothing before it.
 */
public final class AnswerLoss {
    private AnswerLoss() {}

    /** The loss of {@code model} (with its adapter, if attached; put it in eval mode first) on {@code examples}. */
    public static double mean(LlamaModel model, List<AnswerExample> examples, int batchSize) {
        if (examples.isEmpty()) {
            return Double.NaN;
        }
        int[] order = IntStream.range(0, examples.size()).boxed()
                .sorted(Comparator.comparingInt(i -> examples.get(i).inputs().length)).mapToInt(Integer::intValue).toArray();
        double sum = 0;
        long tokens = 0;
        for (int start = 0; start < order.length; start += batchSize) {
            int n = Math.min(batchSize, order.length - start);
            int len = examples.get(order[start + n - 1]).inputs().length;   // the longest of the batch
            long[] in = new long[n * len];
            long[] out = new long[n * len];
            Arrays.fill(out, PackedChunk.IGNORE);
            for (int b = 0; b < n; b++) {
                AnswerExample e = examples.get(order[start + b]);
                System.arraycopy(e.inputs(), 0, in, b * len, e.inputs().length);
                System.arraycopy(e.targets(), 0, out, b * len, e.targets().length);
                tokens += e.lossTokens();
            }
            try (NoGrad off = NoGrad.enter(); NDManager m = model.manager().newSubManager()) {
                Shape shape = new Shape(n, len);
                sum += model.lossSum(EngineArrays.longs(m, in, shape), EngineArrays.longs(m, out, shape)).getFloat();
            }
        }
        return sum / tokens;
    }
}
