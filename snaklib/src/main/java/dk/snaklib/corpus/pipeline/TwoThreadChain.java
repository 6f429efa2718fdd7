package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * A chain of steps on two threads: a second thread reads the documents and applies the steps before
 * {@code split}; the calling thread applies the rest and the sink. Documents cross in order, in batches (one
 * hand-over per document would cost more than a cheap step) through a small bounded queue, so every step sees the
 * same documents in the same order as on one thread and gives the same verdicts; the steps themselves need not
 * be thread-safe, since each runs on one thread only.
 */
final class TwoThreadChain {
    private static final int BATCH = 256;
    /** A batch is also handed over once its texts reach this many chars, so queued text stays bounded (~10 MB). */
    private static final int BATCH_CHARS = 1 << 20;

    private TwoThreadChain() {}

    /** The steps linked in order, the last passing what it keeps to {@code sink}; drops go nowhere. */
    static Step.Output chain(List<Step> steps, Step.Output sink) {
        Step.Output head = sink;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            Step.Output next = head;
            head = new Step.Output() {
                @Override
                public void keep(Document d) {
                    step.apply(d, next);
                }

                @Override
                public void drop(Document d, String reason) {}
            };
        }
        return head;
    }

    /** Runs {@code source} (which feeds documents to its argument) and the steps; returns when all are through. */
    static void run(List<Step> steps, int split, Step.Output sink, Consumer<Consumer<Document>> source) {
        BlockingQueue<List<Document>> queue = new ArrayBlockingQueue<>(4);
        List<Document> end = new ArrayList<>(); // the sentinel, told apart by identity
        Throwable[] failure = new Throwable[1];
        Thread producer = new Thread(() -> {
            List<List<Document>> batch = new ArrayList<>(List.of(new ArrayList<>(BATCH)));
            Step.Output toQueue = new Step.Output() {
                private long chars;

                @Override
                public void keep(Document d) {
                    batch.get(0).add(d);
                    chars += d.text().length();
                    if (batch.get(0).size() == BATCH || chars >= BATCH_CHARS) {
                        put(queue, batch.get(0));
                        batch.set(0, new ArrayList<>(BATCH));
                        chars = 0;
                    }
                }

                @Override
                public void drop(Document d, String reason) {}
            };
            Step.Output first = chain(steps.subList(0, split), toQueue);
            try {
                source.accept(first::keep);
                put(queue, batch.get(0));
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                put(queue, end);
            }
        }, "corpus-reader");
        producer.setDaemon(true); // should this thread fail to stop, it must not keep the JVM alive
        Step.Output second = chain(steps.subList(split, steps.size()), sink);
        producer.start();
        try {
            for (List<Document> b; (b = queue.take()) != end; ) {
                b.forEach(second::keep);
            }
            producer.join();
        } catch (InterruptedException e) {
            producer.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException | Error e) {
            producer.interrupt(); // it may be waiting for room in the queue
            throw e;
        }
        if (failure[0] != null) {
            throw failure[0] instanceof RuntimeException r ? r : new IllegalStateException(failure[0]);
        }
    }

    private static void put(BlockingQueue<List<Document>> queue, List<Document> batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing documents over", e);
        }
    }
}
