package dk.snaklib.analysis;

import dk.snaklib.tokenizer.HfTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The per-vocabulary-row change of {@code embed_tokens} or {@code lm_head}, as the study's {@code embeddings.py}:
 * {@code sum(|W_a - W_b|, dim=-1)} per row, the most and least changed tokens, and the statistics it prints (min,
 * mean, max, rows above the mean, rows above zero).
 *
 * @param tensor  the HF tensor name
 * @param l1      per row, by token id
 * @param top     the most changed rows, largest first (ties by id)
 * @param bottom  the least changed rows, smallest first
 */
public record EmbeddingChange(String tensor, double[] l1, List<TokenChange> top, List<TokenChange> bottom) {

    public EmbeddingChange {
        l1 = l1.clone();
        top = List.copyOf(top);
        bottom = List.copyOf(bottom);
    }

    @Override
    public double[] l1() {
        return l1.clone();
    }

    public double min() {
        return Arrays.stream(l1).min().orElse(Double.NaN);
    }

    public double mean() {
        return Arrays.stream(l1).average().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(l1).max().orElse(Double.NaN);
    }

    /** Rows changed more than the mean row. */
    public long aboveMean() {
        double m = mean();
        return Arrays.stream(l1).filter(v -> v > m).count();
    }

    /** Rows changed at all. */
    public long aboveZero() {
        return Arrays.stream(l1).filter(v -> v > 0).count();
    }

    /** Per-row L1 of two row-major [rows, cols] matrices; differences in float32, as the study's torch code. */
    static double[] rowL1(float[] a, float[] b, int rows, int cols) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                s += Math.abs(a[base + c] - b[base + c]);
            }
            out[r] = s;
        }
        return out;
    }

    /** Ranks the rows and names the {@code k} most and least changed through {@code tokenizer} (may be null). */
    static EmbeddingChange of(String tensor, double[] l1, int k, HfTokenizer tokenizer) {
        Integer[] order = new Integer[l1.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -l1[i]).thenComparingInt(i -> i));
        List<TokenChange> top = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            top.add(change(order[i], l1, tokenizer));
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> l1[i]).thenComparingInt(i -> i));
        List<TokenChange> bottom = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            bottom.add(change(order[i], l1, tokenizer));
        }
        return new EmbeddingChange(tensor, l1, top, bottom);
    }

    private static TokenChange change(int id, double[] l1, HfTokenizer tok) {
        if (tok == null || id >= tok.vocabSize()) {
            return new TokenChange(id, null, null, l1[id]);
        }
        String token = tok.idToToken(id).orElse(null);
        String text = token == null ? null : tok.decode(new int[] {id}, false);
        return new TokenChange(id, token, text, l1[id]);
    }
}
