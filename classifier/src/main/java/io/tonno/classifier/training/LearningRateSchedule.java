package io.tonno.classifier.training;

/**
 * Linear warm-up then cosine decay to zero. For step {@code t = 0..T-1} (the step about to be taken):
 * {@code lr(t) = peak·(t+1)/W} for {@code t < W}, else {@code peak·(1 + cos(π·(t-W)/(T-W)))/2}.
 *
 * @param peak   the learning rate after warm-up
 * @param warmup {@code W}, steps of warm-up, {@code 0 <= W < T}
 * @param total  {@code T}, all steps
 */
public record LearningRateSchedule(double peak, int warmup, int total) {
    public double at(int step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, total - warmup);
        return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
