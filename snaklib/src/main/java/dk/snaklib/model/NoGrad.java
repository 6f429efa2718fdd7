package dk.snaklib.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope without autograd, like torch.no_grad(). PyTorch's grad mode is per thread and on by default in a new
 * thread (a notebook cell runs on its own thread), so code that updates weights in place or only evaluates must
 * not rely on whichever thread it runs in: {@code try (var off = NoGrad.enter()) { ... }}.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
