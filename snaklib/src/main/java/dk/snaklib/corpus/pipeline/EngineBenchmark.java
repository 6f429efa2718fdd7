package dk.snaklib.corpus.pipeline;

import dk.snaklib.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole runs of one pipeline on several engines, side by side ({@code snak bench corpus --engine spark}): per
 * engine the time to start it (a Spark session), its first run (cold: class loading, the JIT, Spark's first
 * jobs) and the best of the runs after; each run reads the inputs and writes every output into a fresh folder.
 * The engines must agree: the statistics of every run are compared with the first engine's, and a difference
 * is an error, not a row.
 */
public final class EngineBenchmark {
    /** One engine's row: seconds to start, the first run, the best later run; documents read and kept. */
    public record Row(String engine, double startSeconds, double firstRunSeconds, double bestRunSeconds, long read,
            long kept) {
        public double documentsPerSecond() {
            return read / bestRunSeconds;
        }
    }

    private EngineBenchmark() {}

    /**
     * @param engines engine names and their options, in order (the first is the reference for the statistics)
     * @param runs    runs per engine (>= 2: the first is reported on its own)
     */
    public static List<Row> run(PipelineSpec spec, Map<String, Map<String, String>> engines, int runs, PrintStream log) {
        if (runs < 2) {
            throw new IllegalArgumentException("runs must be >= 2 (a first run and at least one more), got " + runs);
        }
        List<Row> rows = new ArrayList<>();
        List<SourceStats> reference = null;
        Path scratch;
        try {
            scratch = Files.createTempDirectory("snak-bench-corpus-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot make a scratch folder for the benchmark", e);
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try {
            for (var e : engines.entrySet()) {
                long t0 = System.nanoTime();
                try (CorpusEngine engine = CorpusEngine.open(e.getKey(), e.getValue(), quiet)) {
                    double start = (System.nanoTime() - t0) / 1e9;
                    double first = 0;
                    double best = Double.MAX_VALUE;
                    PipelineResult last = null;
                    for (int r = 0; r < runs; r++) {
                        Path out = scratch.resolve(e.getKey() + "-" + r);
                        PipelineSpec s = new PipelineSpec(spec.sources(), out, spec.policy(), spec.studyRules(),
                                spec.linePerDocument(), spec.normalize(), spec.language(), spec.quality(), spec.exactDedup(),
                                spec.minhash());
                        long t = System.nanoTime();
                        last = engine.run(s, quiet);
                        double secs = (System.nanoTime() - t) / 1e9;
                        AtomicFiles.deleteTree(out);
                        if (r == 0) {
                            first = secs;
                        } else {
                            best = Math.min(best, secs);
                        }
                        if (reference == null) {
                            reference = last.sources();
                        } else if (!reference.equals(last.sources())) {
                            throw new IllegalStateException("engine " + e.getKey() + " gave other statistics than "
                                    + engines.keySet().iterator().next() + ": " + last.sources() + " vs " + reference);
                        }
                    }
                    long read = last.sources().stream().mapToLong(SourceStats::read).sum();
                    rows.add(new Row(e.getKey(), start, first, best, read, last.keptTotal()));
                }
            }
        } finally {
            AtomicFiles.deleteTree(scratch);
        }
        log.printf("corpus engines side by side: %d runs each, every run reads all inputs and writes every output; "
                + "statistics identical across engines and runs.%n", runs);
        log.printf("%-8s %-28s %9s %11s %10s %10s %9s %10s%n", "engine", "options", "start s", "first run s",
                "best run s", "read", "kept", "docs/s");
        for (Row r : rows) {
            log.printf("%-8s %-28s %9.2f %11.2f %10.2f %10d %9d %10.0f%n", r.engine(), engines.get(r.engine()),
                    r.startSeconds(), r.firstRunSeconds(), r.bestRunSeconds(), r.read(), r.kept(), r.documentsPerSecond());
        }
        return rows;
    }

    /** {@code local} beside {@code engine} with {@code options}: the usual comparison. */
    public static List<Row> beside(PipelineSpec spec, String engine, Map<String, String> options, int runs, PrintStream log) {
        Map<String, Map<String, String>> engines = new LinkedHashMap<>();
        engines.put("local", Map.of());
        engines.put(engine, options);
        return run(spec, engines, runs, log);
    }
}
