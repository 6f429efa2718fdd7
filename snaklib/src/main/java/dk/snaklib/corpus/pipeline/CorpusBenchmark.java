package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.read.Readers;
import java.io.PrintStream;
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
 * writing Parquet), so that number is what a run costs. Everything runs on the calling thread: the numbers are
 * per core.
 *
 * <p>The first pass in a JVM mostly measures the JIT compiler, so one untimed warm-up pass comes first and the
 * best of the timed passes is reported per stage. Steps are made fresh for every pass (dedup state is per run);
 * making them (loading the language models) is not timed.
 */
public final class CorpusBenchmark {
    /** Timed passes after the warm-up pass. */
    public static final int DEFAULT_PASSES = 3;

    /** One row: documents and UTF-8 megabytes that went into the stage, and the seconds it took. */
    public record Timing(String stage, long documents, double megabytes, double seconds) {
        public double megabytesPerSecond() {
            return megabytes / seconds;
        }

        public double documentsPerSecond() {
            return documents / seconds;
        }
    }

    private CorpusBenchmark() {}

    public static List<Timing> run(PipelineSpec spec, PrintStream log) {
        return run(spec, log, DEFAULT_PASSES);
    }

    /** One untimed warm-up pass, then {@code passes} timed ones; prints and returns the best time per stage. */
    public static List<Timing> run(PipelineSpec spec, PrintStream log, int passes) {
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, got " + passes);
        }
        onePass(spec);
        List<Timing> best = onePass(spec);
        for (int p = 1; p < passes; p++) {
            List<Timing> next = onePass(spec);
            for (int i = 0; i < best.size(); i++) {
                if (next.get(i).seconds() < best.get(i).seconds()) {
                    best.set(i, next.get(i));
                }
            }
        }
        log.printf("corpus benchmark: one untimed warm-up pass, then the best of %d passes per stage; single-threaded%n",
                passes);
        log.printf("%-12s %10s %10s %9s %10s %10s%n", "stage", "documents", "MB in", "seconds", "docs/s", "MB/s");
        for (Timing t : best) {
            log.printf("%-12s %10d %10.2f %9.3f %10.0f %10.2f%n", t.stage(), t.documents(), t.megabytes(), t.seconds(),
                    t.documentsPerSecond(), t.megabytesPerSecond());
        }
        return best;
    }

    /** Read, each step alone, then the chained run: one timing per stage, end to end last. */
    private static List<Timing> onePass(PipelineSpec spec) {
        List<Timing> timings = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        long t0 = System.nanoTime();
        read(spec, docs::add);
        timings.add(new Timing("read", docs.size(), megabytes(docs), (System.nanoTime() - t0) / 1e9));
        Timing read = timings.get(0);
        for (Step step : CorpusPipeline.steps(spec)) {
            double mb = megabytes(docs);
            long n = docs.size();
            List<Document> kept = new ArrayList<>();
            Step.Output out = collect(kept::add);
            long start = System.nanoTime();
            docs.forEach(d -> step.apply(d, out));
            timings.add(new Timing(step.name(), n, mb, (System.nanoTime() - start) / 1e9));
            docs = kept;
        }
        timings.add(new Timing("end-to-end", read.documents(), read.megabytes(), chained(spec)));
        return timings;
    }

    /** Seconds for reading and all steps chained, each document passed on as soon as a step keeps it. */
    private static double chained(PipelineSpec spec) {
        List<Step> steps = CorpusPipeline.steps(spec);
        long[] kept = new long[1];
        Step.Output head = collect(d -> kept[0]++);
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            Step.Output next = head;
            head = collect(d -> step.apply(d, next));
        }
        Step.Output first = head;
        long start = System.nanoTime();
        read(spec, first::keep);
        return (System.nanoTime() - start) / 1e9;
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

    private static double megabytes(List<Document> docs) {
        long bytes = 0;
        for (Document d : docs) {
            bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes / 1e6;
    }
}
