package dk.snaklib.train;

/**
 * Learning rate by step: linear warm-up from 0 to {@code maxLr} over {@code warmupSteps}, then half a cosine down
 * to {@code minLr} at {@code totalSteps}, and {@code minLr} after that. Steps count from 1.
 */
public record CosineSchedule(double maxLr, double minLr, int warmupSteps, int totalSteps) {

    public CosineSchedule {
        if (maxLr < 0 || minLr < 0 || minLr > maxLr) {
            throw new IllegalArgumentException("need 0 <= min_lr <= lr, got lr=" + maxLr + " min_lr=" + minLr);
        }
        if (warmupSteps < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("need warmup >= 0 and steps >= 1, got " + warmupSteps + ", " + totalSteps);
        }
    }

    public double at(long step) {
        if (step <= warmupSteps) {
            return maxLr * step / Math.max(1, warmupSteps);
        }
        if (step >= totalSteps) {
            return minLr;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return minLr + 0.5 * (maxLr - minLr) * (1 + Math.cos(Math.PI * progress));
    }
}
