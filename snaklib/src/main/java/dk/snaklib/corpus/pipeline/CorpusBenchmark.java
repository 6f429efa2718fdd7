package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.read.Readers;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Throughput of reading and of each pipeline step, and of the whole chain. Entry point for
 * {@code snak bench corpus}: {@code CorpusBenchmark.run(spec, System.out)}.
 *
 * <p>Per stage, the stages run one after the other over documents held in memory, so each stage's time is its
 * own. End to end, reading and the steps are chained document by document as in {@link CorpusPipeline} (without
 * writing Parquet), so that number is what a run costs: {@code end-to-end} on the calling thread, and
 * {@code end-to-end-2t} split over two threads by {@link TwoThreadChain} at the step that best balances the two
 * halves' single-thread times. Every row also gives megabytes per CPU second, the per-core rate.
 *
 * <p>CPU seconds: for a stage row, those of the thread that ran it (precise to microseconds; the stage makes
 * little garbage for the collector). For the end-to-end rows, those of the whole process, so the garbage
 * collector's and the JIT compiler's threads are charged too; as the process clock ticks in 10 ms, an end-to-end
 * run is {@link #SUSTAINED_PASSES} consecutive passes over the corpus (about a second) and the row gives one pass's
 * share. The heap is collected before each timed row, so no row pays for the garbage of the one before.
 *
 * <p>The first pass in a JVM mostly measures the JIT compiler, so untimed warm-up passes come first and the best
 * of the timed passes is reported per row. Steps are made fresh for every pass (dedup state is per run); making
 * them is not timed.
 */
public final class CorpusBenchmark {
    /** Timed passes after the warm-up pass. */
    public static final int DEFAULT_PASSES = 3;
    /** Consecutive passes in one end-to-end run: long enough for the process CPU clock's 10 ms ticks. */
    static final int SUSTAINED_PASSES = 4;
    private static final int ONE_THREAD = -1;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * One row: documents and UTF-8 megabytes that went into the stage, the seconds it took, and the CPU seconds
     * its threads used (about {@code seconds} on one thread; the sum over both threads on two).
     */
    public record Timing(String stage, long documents, double megabytes, double seconds, double cpuSeconds) {
        /** The share of one of {@code passes} equal passes. */
        Timing perPass(int passes) {
            return new Timing(stage, documents, megabytes, seconds / passes, cpuSeconds / passes);
        }

        public double megabytesPerSecond() {
            return megabytes / seconds;
        }

        /** Megabytes per CPU second: the per-core rate, whatever the number of threads. */
        public double megabytesPerCoreSecond() {
            return megabytes / cpuSeconds;
        }

        public double documentsPerSecond() {
            return documents / seconds;
        }
    }

    private CorpusBenchmark() {}

    public static List<Timing> run(PipelineSpec spec, PrintStream log) {
        return run(spec, log, DEFAULT_PASSES);
    }

    /**
     * Two untimed passes (the JIT's warm-up, then one whose stage times choose the two-thread split), then
     * {@code passes} timed ones; prints and returns the best time per stage.
     */
    public static List<Timing> run(PipelineSpec spec, PrintStream log, int passes) {
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, got " + passes);
        }
        List<String> stepNames = CorpusPipeline.steps(spec).stream().map(Step::name).toList();
        List<Timing> warm = onePass(spec, -1); // the JIT's warm-up
        List<Timing> warmer = onePass(spec, -1);
        for (int i = 0; i < warm.size(); i++) { // the better of the two, as one pass's times are noisy
            warm.set(i, warmer.get(i).seconds() < warm.get(i).seconds() ? warmer.get(i) : warm.get(i));
        }
        int split = balancedSplit(warm); // not reported
        List<Timing> best = null;
        for (int p = 0; p < passes; p++) {
            List<Timing> next = onePass(spec, split);
            if (best == null) {
                best = next;
                continue;
            }
            for (int i = 0; i < best.size(); i++) {
                if (next.get(i).seconds() < best.get(i).seconds()) {
                    best.set(i, next.get(i));
                }
            }
        }
        log.printf("corpus benchmark: untimed warm-up, then the best of %d passes per stage. Stages and "
                + "end-to-end: one thread. end-to-end-2t: reading%s on one thread, %s on another. End-to-end rows: "
                + "%d passes in a row, per pass, CPU of the whole process (garbage collector: %s).%n", passes,
                split == 0 ? "" : " + " + String.join(" + ", stepNames.subList(0, split)),
                String.join(" + ", stepNames.subList(split, stepNames.size())), SUSTAINED_PASSES, collectors());
        log.printf("%-14s %10s %8s %8s %10s %8s %10s%n", "stage", "documents", "MB in", "seconds", "docs/s", "MB/s",
                "MB/s/core");
        for (Timing t : best) {
            log.printf("%-14s %10d %8.2f %8.3f %10.0f %8.2f %10.2f%n", t.stage(), t.documents(), t.megabytes(),
                    t.seconds(), t.documentsPerSecond(), t.megabytesPerSecond(), t.megabytesPerCoreSecond());
        }
        return best;
    }

    /**
     * Read, each step alone, the chained run on one thread; then, if {@code split >= 0}, the chained run on two
     * threads with steps before {@code split} on the reading thread.
     */
    private static List<Timing> onePass(PipelineSpec spec, int split) {
        List<Timing> timings = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        System.gc();
        long t0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        read(spec, docs::add);
        timings.add(timing("read", docs.size(), megabytes(docs), t0, c0));
        Timing read = timings.get(0);
        for (Step step : CorpusPipeline.steps(spec)) {
            double mb = megabytes(docs);
            long n = docs.size();
            List<Document> kept = new ArrayList<>();
            Step.Output out = collect(kept::add);
            System.gc();
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            docs.forEach(d -> step.apply(d, out));
            timings.add(timing(step.name(), n, mb, start, cpu));
            docs = kept;
        }
        docs = null; // the chained runs read afresh
        timings.add(chained(spec, read, ONE_THREAD));
        if (split >= 0) {
            timings.add(chained(spec, read, split));
        }
        return timings;
    }

    /**
     * {@link #SUSTAINED_PASSES} passes of reading and all steps chained document by document, charged with the
     * process's CPU time, per pass. {@code split == ONE_THREAD}: on this thread, as {@code snak corpus run} would
     * without its reading thread; else on two threads, the steps before {@code split} with the reading.
     */
    private static Timing chained(PipelineSpec spec, Timing read, int split) {
        List<List<Step>> runs = new ArrayList<>();
        for (int p = 0; p < SUSTAINED_PASSES; p++) {
            runs.add(CorpusPipeline.steps(spec));
        }
        System.gc();
        long start = System.nanoTime();
        long cpu = PROCESS.getProcessCpuTime();
        for (List<Step> steps : runs) {
            if (split == ONE_THREAD) {
                Step.Output head = TwoThreadChain.chain(steps, collect(d -> {}));
                read(spec, head::keep);
            } else {
                TwoThreadChain.run(steps, split, collect(d -> {}), sink -> read(spec, sink));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (PROCESS.getProcessCpuTime() - cpu) / 1e9;
        return new Timing(split == ONE_THREAD ? "end-to-end" : "end-to-end-2t", read.documents(), read.megabytes(), seconds,
                cpuSeconds).perPass(SUSTAINED_PASSES);
    }

    /** The step index that splits read + steps into two runs of most nearly equal single-thread time. */
    static int balancedSplit(List<Timing> stages) {
        int steps = stages.size() - 2; // read first, end-to-end last
        double total = 0;
        for (int i = 0; i <= steps; i++) {
            total += stages.get(i).seconds();
        }
        int best = 0;
        double bestMax = Double.MAX_VALUE;
        double before = 0;
        for (int split = 0; split <= steps; split++) {
            before += stages.get(split).seconds(); // read and the steps before index `split`
            double max = Math.max(before, total - before);
            if (max < bestMax) {
                bestMax = max;
                best = split;
            }
        }
        return best;
    }

    private static Timing timing(String stage, long documents, double megabytes, long startNanos, long startCpuNanos) {
        return new Timing(stage, documents, megabytes, (System.nanoTime() - startNanos) / 1e9,
                (THREADS.getCurrentThreadCpuTime() - startCpuNanos) / 1e9);
    }

    private static void read(PipelineSpec spec, Consumer<Document> sink) {
        for (PipelineSpec.Source source : spec.sources()) {
            ReadOptions options = ReadOptions.failFast(source.name()).withSource(source.name());
            for (var input : source.inputs()) {
                try (Stream<Document> s = Readers.forFormat(source.format()).read(input, options)) {
                    s.forEach(sink);
                }
            }
        }
    }

    /** An output that passes kept documents to {@code kept} and forgets dropped ones. */
    private static Step.Output collect(Consumer<Document> kept) {
        return new Step.Output() {
            @Override
            public void keep(Document d) {
                kept.accept(d);
            }

            @Override
            public void drop(Document d, String reason) {}
        };
    }

    private static String collectors() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
    }

    private static double megabytes(List<Document> docs) {
        long bytes = 0;
        for (Document d : docs) {
            bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes / 1e6;
    }
}
