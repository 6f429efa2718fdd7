package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps linked in order with their counters: what each step keeps goes to the next, what it drops goes to the
 * sink's {@link Sink#reject} with the step's name and reason, and what the last step keeps to {@link Sink#keep}.
 * The one way both engines run documents through steps: {@link CorpusPipeline} on one machine, and each Spark task
 * (snaklib-spark) over the documents of one input file, whose counters the driver then adds up.
 */
public final class StepChain {
    /** Where a chain's verdicts go. */
    public interface Sink {
        void keep(Document d);

        void reject(Document d, String step, String reason);
    }

    private final List<Step> steps;
    private final List<StepCounters> counters = new ArrayList<>();

    public StepChain(List<Step> steps) {
        this.steps = List.copyOf(steps);
        steps.forEach(s -> counters.add(new StepCounters(s.name())));
    }

    /** The input of the chain: documents fed to it go through every step to {@code sink}. */
    public Step.Output head(Sink sink) {
        Step.Output head = new Step.Output() {
            @Override
            public void keep(Document d) {
                sink.keep(d);
            }

            @Override
            public void drop(Document d, String reason) {
                throw new IllegalStateException("the sink keeps everything");
            }
        };
        for (int i = steps.size() - 1; i >= 0; i--) {
            head = link(steps.get(i), counters.get(i), head, sink);
        }
        return head;
    }

    /** Counters per step, in chain order; they count over every document fed to any head of this chain. */
    public List<StepCounters> counters() {
        return List.copyOf(counters);
    }

    private static Step.Output link(Step step, StepCounters c, Step.Output next, Sink sink) {
        Step.Output verdicts = new Step.Output() {
            @Override
            public void keep(Document d) {
                c.countOut();
                next.keep(d);
            }

            @Override
            public void drop(Document d, String reason) {
                c.countDrop(reason);
                sink.reject(d, step.name(), reason);
            }
        };
        return new Step.Output() {
            @Override
            public void keep(Document d) {
                c.countIn();
                step.apply(d, verdicts);
            }

            @Override
            public void drop(Document d, String reason) {
                throw new IllegalStateException("drops go to the step's own output");
            }
        };
    }
}
