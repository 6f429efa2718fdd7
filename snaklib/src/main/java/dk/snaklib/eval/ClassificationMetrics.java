package dk.snaklib.eval;

import java.util.TreeSet;

/**
 * The classification metrics ScandEval v13 takes from evaluate/sklearn: Matthews correlation (multiclass),
 * macro-F1 over the labels present in truth or prediction (a label with no support and no prediction is left out;
 * a zero denominator gives 0, sklearn's zero_division default), and accuracy. Labels are integer ids.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    /** sklearn.metrics.matthews_corrcoef: 0 when either marginal is constant. */
    public static double mcc(int[] truth, int[] predicted) {
        check(truth, predicted);
        int k = 1 + Math.max(max(truth), max(predicted));
        double[] trueSum = new double[k];
        double[] predSum = new double[k];
        double correct = 0;
        for (int i = 0; i < truth.length; i++) {
            trueSum[truth[i]]++;
            predSum[predicted[i]]++;
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        double n = truth.length;
        double tp = 0;
        double pp = 0;
        double tt = 0;
        for (int c = 0; c < k; c++) {
            tp += trueSum[c] * predSum[c];
            pp += predSum[c] * predSum[c];
            tt += trueSum[c] * trueSum[c];
        }
        double covYtYp = correct * n - tp;
        double covYpYp = n * n - pp;
        double covYtYt = n * n - tt;
        if (covYtYt * covYpYp == 0) {
            return 0;
        }
        return covYtYp / Math.sqrt(covYtYt * covYpYp);
    }

    /** sklearn.metrics.f1_score(average="macro"). */
    public static double macroF1(int[] truth, int[] predicted) {
        check(truth, predicted);
        TreeSet<Integer> labels = new TreeSet<>();
        for (int i = 0; i < truth.length; i++) {
            labels.add(truth[i]);
            labels.add(predicted[i]);
        }
        double sum = 0;
        for (int label : labels) {
            double tp = 0;
            double fp = 0;
            double fn = 0;
            for (int i = 0; i < truth.length; i++) {
                boolean t = truth[i] == label;
                boolean p = predicted[i] == label;
                if (t && p) {
                    tp++;
                } else if (p) {
                    fp++;
                } else if (t) {
                    fn++;
                }
            }
            double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
            sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        return sum / labels.size();
    }

    public static double accuracy(int[] truth, int[] predicted) {
        check(truth, predicted);
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    private static void check(int[] truth, int[] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need equally many truths and predictions, at least one; got "
                    + truth.length + " and " + predicted.length);
        }
        if (Math.min(min(truth), min(predicted)) < 0) {
            throw new IllegalArgumentException("label ids must be non-negative");
        }
    }

    private static int max(int[] a) {
        int m = a[0];
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static int min(int[] a) {
        int m = a[0];
        for (int v : a) {
            m = Math.min(m, v);
        }
        return m;
    }
}
