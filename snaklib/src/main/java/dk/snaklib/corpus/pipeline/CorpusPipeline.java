package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.BadRecord;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadLog;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.corpus.io.DocumentParquetWriter;
import dk.snaklib.corpus.read.Readers;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a corpus pipeline: readers -> steps -> per source a Parquet corpus file ({@code corpus/SOURCE.parquet}),
 * a rejects file with the step and reason of every dropped document ({@code rejects/SOURCE.parquet}), the bad
 * input records ({@code bad-records/SOURCE.tsv}); and a statistics table ({@code stats.tsv}, {@code stats.parquet}).
 * Run again after a crash, it reuses the sources that finished ({@code done/SOURCE.json}) and redoes the rest.
 * A run holds its output folder ({@link OutputLock}); at its start it removes, and says so, the outputs of sources
 * no longer in the pipeline and temporary files a killed run left, so a glob over {@code corpus/} finds only this
 * pipeline's sources. A source whose readers yield no document is an error unless the source allows it.
 * Entry point for {@code snak corpus run}: {@code CorpusPipeline.run(spec)}.
 */
public final class CorpusPipeline {
    private final PipelineSpec spec;
    private final PrintStream log;
    private final List<Step> steps = new ArrayList<>();
    private final List<StepCounters> counters = new ArrayList<>();
    private String lshDescription = "";

    private CorpusPipeline(PipelineSpec spec, PrintStream log) {
        this.spec = spec;
        this.log = log;
        steps.addAll(steps(spec));
        steps.stream().filter(s -> s instanceof MinHashDeduplicator).findFirst()
                .ifPresent(m -> lshDescription = ((MinHashDeduplicator) m).describe());
        steps.forEach(s -> counters.add(new StepCounters(s.name())));
    }

    /** The steps {@code spec} switches on, in pipeline order, freshly made (dedup state is per run). */
    static List<Step> steps(PipelineSpec spec) {
        List<Step> steps = new ArrayList<>();
        if (spec.studyRules()) {
            steps.add(new StudyRules(spec.linePerDocument()));
        }
        if (spec.normalize()) {
            steps.add(new Normalizer());
        }
        if (spec.language() != null) {
            steps.add(new LanguageFilter(spec.language().languages(), spec.language().threshold(), spec.language().mode()));
        }
        if (spec.quality() != null) {
            steps.add(new GopherQualityFilter(spec.quality()));
        }
        if (spec.exactDedup()) {
            steps.add(new ExactDeduplicator());
        }
        if (spec.minhash() != null) {
            steps.add(new MinHashDeduplicator(spec.minhash()));
        }
        return steps;
    }

    public static PipelineResult run(PipelineSpec spec) {
        return run(spec, System.err);
    }

    /** Runs {@code spec}, printing the LSH parameters and a line per source and step to {@code log}. */
    public static PipelineResult run(PipelineSpec spec, PrintStream log) {
        return new CorpusPipeline(spec, log).run();
    }

    private PipelineResult run() {
        try (OutputLock lock = OutputLock.acquire(spec.outputDir(), log)) {
            new StaleOutputs(spec, log).remove();
            return runLocked();
        }
    }

    private PipelineResult runLocked() {
        if (!lshDescription.isEmpty()) {
            log.println(lshDescription);
        }
        Path out = spec.outputDir();
        List<Path> corpusFiles = new ArrayList<>();
        List<Path> rejectFiles = new ArrayList<>();
        List<Path> badFiles = new ArrayList<>();
        List<SourceStats> stats = new ArrayList<>();
        boolean resuming = true; // finished sources are reused only as an unbroken prefix: dedup state flows forward
        for (int i = 0; i < spec.sources().size(); i++) {
            PipelineSpec.Source source = spec.sources().get(i);
            Path corpusFile = out.resolve("corpus").resolve(source.name() + ".parquet");
            Path rejectsFile = out.resolve("rejects").resolve(source.name() + ".parquet");
            Path badFile = out.resolve("bad-records").resolve(source.name() + ".tsv");
            corpusFiles.add(corpusFile);
            rejectFiles.add(rejectsFile);
            badFiles.add(badFile);
            String fingerprint = RunMarker.fingerprint(spec, i);
            SourceStats done = resuming ? RunMarker.finished(out, source.name(), fingerprint, corpusFile, rejectsFile) : null;
            if (done != null) {
                replay(corpusFile, rejectsFile);
                stats.add(done);
                log.println(format(done) + "  (finished in an earlier run: reused)");
                continue;
            }
            resuming = false;
            ReadLog readLog = new ReadLog();
            SourceStats s = runSource(source, corpusFile, rejectsFile, badFile, readLog);
            RunMarker.write(out, s, fingerprint);
            stats.add(s);
            log.println(format(s));
        }
        counters.forEach(c -> log.println("  " + c));
        Path statsFile = out.resolve("stats.tsv");
        StatsTable table = new StatsTable(stats, steps.stream().map(Step::name).toList());
        AtomicFiles.writeString(statsFile, table.toTsv());
        table.writeParquet(out.resolve("stats.parquet"));
        return new PipelineResult(stats, List.copyOf(counters), corpusFiles, rejectFiles, badFiles, statsFile, lshDescription);
    }

    /**
     * Rebuilds the dedup state a finished source left: exact dedup saw every document it kept (the corpus file plus
     * those MinHash dropped after it), MinHash saw the corpus file. Their order does not change the state.
     */
    private void replay(Path corpusFile, Path rejectsFile) {
        Step.Output ignore = new Step.Output() {
            @Override
            public void keep(Document d) {}

            @Override
            public void drop(Document d, String reason) {}
        };
        for (Step step : steps) {
            if (step instanceof ExactDeduplicator || step instanceof MinHashDeduplicator) {
                try (Stream<Document> docs = CorpusParquetReader.read(corpusFile)) {
                    docs.forEach(d -> step.apply(d, ignore));
                }
            }
            if (step instanceof ExactDeduplicator && steps.stream().anyMatch(x -> x instanceof MinHashDeduplicator)) {
                try (Stream<Document> rejected = RunMarker.rejectedBy(rejectsFile, "minhash")) {
                    rejected.forEach(d -> step.apply(d, ignore));
                }
            }
        }
    }

    private SourceStats runSource(PipelineSpec.Source source, Path corpusFile, Path rejectsFile, Path badFile,
            ReadLog readLog) {
        ReadOptions options = new ReadOptions(source.name(), spec.policy(), ReadOptions.DEFAULT_MAX_LINE_BYTES, readLog);
        Map<String, Long> dropped = new LinkedHashMap<>();
        long[] totals = new long[3]; // kept, words, chars
        try (DocumentParquetWriter writer = new DocumentParquetWriter(corpusFile, List.of());
                DocumentParquetWriter rejects = new DocumentParquetWriter(rejectsFile, List.of("step", "reason"))) {
            Step.Output sink = new Step.Output() {
                @Override
                public void keep(Document d) {
                    writer.write(d);
                    totals[0]++;
                    totals[1] += words(d.text());
                    totals[2] += d.text().length();
                }

                @Override
                public void drop(Document d, String reason) {
                    throw new IllegalStateException("the sink keeps everything");
                }
            };
            Step.Output head = sink;
            for (int i = steps.size() - 1; i >= 0; i--) {
                head = link(steps.get(i), counters.get(i), head, rejects, dropped);
            }
            Step.Output first = progress(source.name(), head);
            // Reading (decompression, parsing) runs on a second thread, the steps and writers on this one, in
            // the reader's order: the same output in less time on two cores.
            TwoThreadChain.run(List.of(), 0, first, feed -> {
                for (Path input : source.inputs()) {
                    try (Stream<Document> docs = Readers.forFormat(source.format()).read(input, options)) {
                        docs.forEach(feed);
                    }
                }
            });
            writeBadRecords(badFile, readLog);
            if (readLog.documents() == 0) {
                yieldedNothing(source, readLog, badFile); // throws unless allowed; the writers then delete their files
            }
            writer.finish();
            rejects.finish();
        }
        return new SourceStats(source.name(), readLog.documents(), readLog.badCount(), totals[0], totals[1], totals[2], dropped);
    }

    private void yieldedNothing(PipelineSpec.Source source, ReadLog readLog, Path badFile) {
        if (source.allowEmpty()) {
            log.println("source \"" + source.name() + "\" yielded no documents (allowed by allow_empty)");
            return;
        }
        StringBuilder m = new StringBuilder("source \"" + source.name() + "\" yielded no documents from its "
                + source.inputs().size() + " file(s) " + source.inputs() + ": " + readLog.badCount() + " bad record(s)");
        readLog.badRecords().stream().limit(3).forEach(r -> m.append("; ").append(r.file()).append(": ").append(r.message()));
        if (readLog.badCount() > 0) {
            m.append(" (all in ").append(badFile).append(')');
        }
        m.append(". Fix the input, or set allow_empty: true on this source if no documents is expected");
        throw new BadInputException(source.inputs().isEmpty() ? null : source.inputs().get(0).getParent(), m.toString());
    }

    /** Passes documents on, printing "source: N documents, M MB, R MB/s" to the log every few seconds. */
    private Step.Output progress(String source, Step.Output next) {
        long start = System.nanoTime();
        return new Step.Output() {
            private long docs;
            private long chars;
            private long lastPrint = start;

            @Override
            public void keep(Document d) {
                docs++;
                chars += d.text().length();
                long now = System.nanoTime();
                if (now - lastPrint > PROGRESS_NANOS) {
                    lastPrint = now;
                    double secs = (now - start) / 1e9;
                    log.printf("  %s: %,d documents, %.1f M chars read, %.1f M chars/s%n", source, docs, chars / 1e6,
                            chars / 1e6 / secs);
                }
                next.keep(d);
            }

            @Override
            public void drop(Document d, String reason) {
                next.drop(d, reason);
            }
        };
    }

    /** How often progress is printed. */
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    /** The input side of {@code step}: counts what goes in, passes keeps on, writes drops to the rejects file. */
    private static Step.Output link(Step step, StepCounters c, Step.Output next, DocumentParquetWriter rejects,
            Map<String, Long> droppedBySource) {
        Step.Output verdicts = new Step.Output() {
            @Override
            public void keep(Document d) {
                c.countOut();
                next.keep(d);
            }

            @Override
            public void drop(Document d, String reason) {
                c.countDrop(reason);
                droppedBySource.merge(step.name(), 1L, Long::sum);
                rejects.write(d, Map.of("step", step.name(), "reason", reason));
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

    static long words(String text) {
        long n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !in) {
                n++;
            }
            in = !space;
        }
        return n;
    }

    private static String format(SourceStats s) {
        return String.format("%-14s read %,d  bad input %,d  kept %,d documents, %,d words, %,d chars  dropped %s",
                s.source(), s.read(), s.badInput(), s.kept(), s.words(), s.chars(), s.dropped());
    }

    private static void writeBadRecords(Path file, ReadLog log) {
        StringBuilder sb = new StringBuilder("file\twhere\tproblem\texcerpt\n");
        for (BadRecord r : log.badRecords()) {
            sb.append(tsv(String.valueOf(r.file()))).append('\t').append(tsv(r.where())).append('\t')
                    .append(tsv(r.problem())).append('\t').append(tsv(r.excerpt())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static String tsv(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Counts per reason across steps, for tests and reports. */
    static Map<String, Long> dropsByReason(List<StepCounters> counters) {
        Map<String, Long> all = new TreeMap<>();
        counters.forEach(c -> c.dropped().forEach((r, n) -> all.merge(c.step() + ": " + r, n, Long::sum)));
        return all;
    }
}
