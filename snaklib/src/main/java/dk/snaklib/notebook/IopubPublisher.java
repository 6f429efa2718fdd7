package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Sends a running cell's outputs on iopub from one thread that nothing interrupts, in the order they were made.
 * <p>
 * Why: JeroMQ refuses a send from an interrupted thread (ZMQException EINTR, the frame is gone). Before this class
 * the 200 ms output flusher published itself and was stopped with {@code shutdownNow()} when the cell ended: a
 * flush under way at that moment threw inside the executor, silently, and the cell's last text never arrived
 * (the 1-in-6 lost output). A cell's own thread is interrupted on purpose by a Jupyter interrupt, so its
 * {@code display(...)} calls and progress updates must not touch the socket either.
 */
final class IopubPublisher {
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final PrintStream log;

    IopubPublisher(PrintStream log) {
        this.log = log;
        Thread t = new Thread(this::run, "iopub-publisher");
        t.setDaemon(true);
        t.start();
    }

    /** Queues {@code content} for iopub, parented to the request {@code env} answers. */
    <T extends ContentType<T>> void publish(ShellReplyEnvironment env, T content) {
        Message<T> message = new Message<>(env.getContext(), content.getType(), content);
        queue.add(() -> env.getIopub().sendMessage(message));
    }

    /** Returns once everything queued before this call has been sent (the cell's end waits for its outputs). */
    void awaitSent() {
        CountDownLatch done = new CountDownLatch(1);
        queue.add(done::countDown);
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            Runnable next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                log.println("snaklib kernel: iopub publisher interrupted; outputs are no longer sent");
                return;
            }
            try {
                Thread.interrupted(); // never send with the flag set
                next.run();
            } catch (RuntimeException e) {
                log.println("snaklib kernel: an output could not be sent on iopub: " + e);
            }
        }
    }
}
