package dk.snaklib.train;

/**
 * Learning rate by step: linear warm-up from 0 to {@code maxLr} over {@code warmupSteps}, then half a cosine down
 * to {@code minLr} at {@code totalSteps}, and {@code minLr} after that. Steps count from 1: {@code at(s)} is the
 * rate of optimizer step s. That is Megatron-LM's (and torch LambdaLR's) formula after s scheduler steps; Megatron
 * itself trains step s with the rate after s - 1 (its first step has rate 0), so our schedule runs one step ahead
 * of its, e.g. the peak comes at step 1,250 of the study's schedule instead of 1,251.
 */
public record CosineSchedule(double maxLr, double minLr, int warmupSteps, int totalSteps) {

    public CosineSchedule {
        if (!(minLr >= 0 && minLr <= maxLr && maxLr < Double.POSITIVE_INFINITY)) { // NaN too
            throw new IllegalArgumentException("need 0 <= min_lr <= lr, got lr=" + maxLr + " min_lr=" + minLr);
        }
        if (warmupSteps < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("need warmup >= 0 and steps >= 1, got " + warmupSteps + ", " + totalSteps);
        }
    }

    public double at(long step) {
        if (step <= warmupSteps) {
            return maxLr * ((double) step / Math.max(1, warmupSteps)); // exactly maxLr at the end of warm-up
        }
        if (step >= totalSteps) {
            return minLr;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return minLr + 0.5 * (maxLr - minLr) * (1 + Math.cos(Math.PI * progress));
    }
}
