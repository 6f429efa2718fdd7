package dk.snaklib.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ROUGE-L F-measure as rouge-score 0.1.2 (through evaluate's {@code rouge}, key rougeL, no stemmer) computes it
 * per pair: lowercase, every run of characters outside [a-z0-9] becomes a space (so æ, ø and å split words, as in
 * v13), LCS over the tokens, F = 2PR/(P+R). v13 reports the median of 1000 unseeded bootstrap means; we report the
 * plain mean, which that median estimates (docs/evaluation.md).
 */
public final class RougeL {
    private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");

    private RougeL() {}

    public static List<String> tokenize(String text) {
        String spaced = NON_ALNUM.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        List<String> out = new ArrayList<>();
        for (String t : spaced.trim().split(" +")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** F-measure of one prediction against one reference (0 if either has no tokens). */
    public static double fmeasure(String reference, String prediction) {
        List<String> ref = tokenize(reference);
        List<String> pred = tokenize(prediction);
        if (ref.isEmpty() || pred.isEmpty()) {
            return 0;
        }
        int lcs = lcs(ref, pred);
        double precision = (double) lcs / pred.size();
        double recall = (double) lcs / ref.size();
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** Mean F-measure over pairs. */
    public static double mean(List<String> references, List<String> predictions) {
        if (references.size() != predictions.size() || references.isEmpty()) {
            throw new IllegalArgumentException("need equally many references and predictions, at least one");
        }
        double sum = 0;
        for (int i = 0; i < references.size(); i++) {
            sum += fmeasure(references.get(i), predictions.get(i));
        }
        return sum / references.size();
    }

    private static int lcs(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
