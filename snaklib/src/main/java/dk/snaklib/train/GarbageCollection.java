package dk.snaklib.train;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

/**
 * Forces a full garbage collection and waits until the JVM has processed the references it found, so that the
 * cleaners of unreachable direct buffers have run. {@link #BEFORE_BACKWARD} does it between every forward and
 * backward (system property {@code snak.gcBeforeBackward=true}): the condition under which native memory that an
 * autograd graph still uses, but that Java no longer holds, is freed (docs/training.md, "Wrong gradient steps").
 */
final class GarbageCollection {
    static final TrainingStep.Hooks BEFORE_BACKWARD = new TrainingStep.Hooks() {
        @Override
        public void beforeBackward() {
            collectAndWait();
        }
    };

    private GarbageCollection() {}

    static void collectAndWait() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        Object sentinel = new Object();
        PhantomReference<Object> ref = new PhantomReference<>(sentinel, queue);
        sentinel = null; // unreachable from here on, so the collection below finds it
        System.gc();
        try {
            // The reference handler processes cleaners and queues phantoms in one pass: once the sentinel is
            // queued, that pass has run (give the cleaners of the same pass a moment to finish).
            queue.remove(5_000);
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ref.clear();
    }
}
