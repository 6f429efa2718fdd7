package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.read.Readers;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of reading and of each pipeline step, one after the other over documents held in memory, so each
 * step's time is its own (in a real run they are chained). Entry point for {@code snak bench corpus}:
 * {@code CorpusBenchmark.run(spec, System.out)}. Single-threaded, so the numbers are per core.
 */
public final class CorpusBenchmark {
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
        List<Timing> timings = new ArrayList<>();
        long t0 = System.nanoTime();
        List<Document> docs = new ArrayList<>();
        for (PipelineSpec.Source source : spec.sources()) {
            ReadOptions options = ReadOptions.failFast(source.name()).withSource(source.name());
            for (var input : source.inputs()) {
                try (Stream<Document> s = Readers.forFormat(source.format()).read(input, options.withSource(source.name()))) {
                    s.forEach(docs::add);
                }
            }
        }
        timings.add(new Timing("read", docs.size(), megabytes(docs), (System.nanoTime() - t0) / 1e9));
        for (Step step : CorpusPipeline.steps(spec)) {
            double mb = megabytes(docs);
            long n = docs.size();
            List<Document> kept = new ArrayList<>();
            Step.Output out = new Step.Output() {
                @Override
                public void keep(Document d) {
                    kept.add(d);
                }

                @Override
                public void drop(Document d, String reason) {}
            };
            long start = System.nanoTime();
            docs.forEach(d -> step.apply(d, out));
            timings.add(new Timing(step.name(), n, mb, (System.nanoTime() - start) / 1e9));
            docs = kept;
        }
        double total = timings.stream().mapToDouble(Timing::seconds).sum();
        timings.add(new Timing("end-to-end", timings.get(0).documents(), timings.get(0).megabytes(), total));
        log.printf("%-12s %10s %10s %9s %10s %10s%n", "stage", "documents", "MB in", "seconds", "docs/s", "MB/s");
        for (Timing t : timings) {
            log.printf("%-12s %10d %10.2f %9.2f %10.0f %10.2f%n", t.stage(), t.documents(), t.megabytes(), t.seconds(),
                    t.documentsPerSecond(), t.megabytesPerSecond());
        }
        return timings;
    }

    private static double megabytes(List<Document> docs) {
        long bytes = 0;
        for (Document d : docs) {
            bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes / 1e6;
    }
}
