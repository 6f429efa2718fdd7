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
 *
 * <p>With MinHash on, a run has two passes. Each source goes through the other steps into {@code stage/corpus/}
 * and {@code stage/rejects/} (marked done there, so a rerun reuses it); after the last source, the near-duplicate
 * clusters over all staged documents decide which survive ({@link MinHashDeduplicator}), and the final corpus
 * and rejects files are written. A later source can join two clusters of earlier ones, so no source's final
 * output is known before every source is in; the second pass is always redone (reading Parquet and hashing).
 * Entry point for {@code snak corpus run}: {@code CorpusPipeline.run(spec)}.
 */
public final class CorpusPipeline {
    private final PipelineSpec spec;
    private final PrintStream log;
    private final List<Step> steps = new ArrayList<>(); // every step, for the statistics' columns
    private final StepChain chain; // the steps documents stream through: all but MinHash
    private final MinHashDeduplicator minhash; // null: off
    private String lshDescription = "";

    private CorpusPipeline(PipelineSpec spec, PrintStream log) {
        this.spec = spec;
        this.log = log;
        steps.addAll(steps(spec));
        this.minhash = (MinHashDeduplicator) steps.stream().filter(s -> s instanceof MinHashDeduplicator).findFirst().orElse(null);
        if (minhash != null) {
            lshDescription = minhash.describe();
        }
        this.chain = new StepChain(steps.stream().filter(s -> s != minhash).toList());
    }

    /** The steps {@code spec} switches on, in pipeline order, freshly made (dedup state is per run). */
    public static List<Step> steps(PipelineSpec spec) {
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

    /**
     * The steps that decide on each document alone (study rules, normalise, language ID, quality): those a Spark
     * task runs on its own share of the documents. The dedup steps, which need all documents, come after them.
     */
    public static List<Step> perDocumentSteps(PipelineSpec spec) {
        return steps(spec).stream().filter(s -> !(s instanceof ExactDeduplicator) && !(s instanceof MinHashDeduplicator))
                .toList();
    }

    public static PipelineResult run(PipelineSpec spec) {
        return run(spec, System.err);
    }

    /** Runs {@code spec}, printing the LSH parameters and a line per source and step to {@code log}. */
    public static PipelineResult run(PipelineSpec spec, PrintStream log) {
        return new CorpusPipeline(spec, log).run();
    }

    private PipelineResult run() {
        try (OutputLock lock = holdOutput(spec, log)) {
            return runLocked();
        }
    }

    /**
     * Takes {@code spec}'s output folder for a run and tidies it as a run does (outputs of sources no longer in the
     * pipeline, temporary files a killed run left); close to release. Another engine's run (Spark) holds it so.
     */
    public static OutputLock holdOutput(PipelineSpec spec, PrintStream log) {
        OutputLock lock = OutputLock.acquire(spec.outputDir(), log);
        try {
            new StaleOutputs(spec, log).remove();
            return lock;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
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
        List<Path> stagedCorpus = new ArrayList<>();
        List<Path> stagedRejects = new ArrayList<>();
        List<SourceStats> stats = new ArrayList<>();
        boolean resuming = true; // finished sources are reused only as an unbroken prefix: dedup state flows forward
        for (int i = 0; i < spec.sources().size(); i++) {
            PipelineSpec.Source source = spec.sources().get(i);
            corpusFiles.add(out.resolve("corpus").resolve(source.name() + ".parquet"));
            rejectFiles.add(out.resolve("rejects").resolve(source.name() + ".parquet"));
            Path badFile = out.resolve("bad-records").resolve(source.name() + ".tsv");
            badFiles.add(badFile);
            Path corpusFile = minhash == null ? corpusFiles.get(i) : out.resolve(STAGE).resolve("corpus").resolve(source.name() + ".parquet");
            Path rejectsFile = minhash == null ? rejectFiles.get(i) : out.resolve(STAGE).resolve("rejects").resolve(source.name() + ".parquet");
            stagedCorpus.add(corpusFile);
            stagedRejects.add(rejectsFile);
            String fingerprint = RunMarker.fingerprint(spec, i);
            SourceStats done = resuming ? RunMarker.finished(out, source.name(), fingerprint, corpusFile, rejectsFile) : null;
            if (done != null) {
                replay(corpusFile);
                stats.add(done);
                log.println(format(done) + "  (finished in an earlier run: reused)");
                continue;
            }
            resuming = false;
            ReadLog readLog = new ReadLog();
            SourceStats s = runSource(source, corpusFile, rejectsFile, badFile, readLog);
            RunMarker.write(out, s, fingerprint);
            stats.add(s);
            log.println(format(s) + (minhash == null ? "" : "  (before MinHash)"));
        }
        List<StepCounters> counters = new ArrayList<>(chain.counters());
        if (minhash != null) {
            StepCounters c = new StepCounters(minhash.name());
            stats = removeNearDuplicates(stats, stagedCorpus, stagedRejects, corpusFiles, rejectFiles, c);
            counters.add(c);
            stats.forEach(s -> log.println(format(s)));
        }
        counters.forEach(c -> log.println("  " + c));
        Path statsFile = out.resolve("stats.tsv");
        StatsTable table = new StatsTable(stats, steps.stream().map(Step::name).toList());
        AtomicFiles.writeString(statsFile, table.toTsv());
        table.writeParquet(out.resolve("stats.parquet"));
        return new PipelineResult(stats, List.copyOf(counters), corpusFiles, rejectFiles, badFiles, statsFile, lshDescription);
    }

    /** The folder of the first pass's output when MinHash is on. */
    static final String STAGE = "stage";

    /**
     * The second pass: every staged document into the clusters, in order; then per source the survivors to the
     * corpus file and the staged rejects plus the near duplicates to the rejects file. The statistics keep the
     * first pass's read, bad-input and drop counts and get the survivors' counts and MinHash's drops.
     */
    private List<SourceStats> removeNearDuplicates(List<SourceStats> firstPass, List<Path> stagedCorpus,
            List<Path> stagedRejects, List<Path> corpusFiles, List<Path> rejectFiles, StepCounters c) {
        for (Path staged : stagedCorpus) {
            try (Stream<Document> docs = CorpusParquetReader.read(staged)) {
                docs.forEach(d -> minhash.add(d.text()));
            }
        }
        List<SourceStats> result = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < stagedCorpus.size(); i++) {
            SourceStats first = firstPass.get(i);
            long[] totals = new long[4]; // kept, words, chars, near duplicates
            try (DocumentParquetWriter writer = new DocumentParquetWriter(corpusFiles.get(i), List.of());
                    DocumentParquetWriter rejects = new DocumentParquetWriter(rejectFiles.get(i), List.of("step", "reason"))) {
                try (var rows = RunMarker.rejects(stagedRejects.get(i))) {
                    rows.forEach(r -> rejects.write(r.document(), r.extra()));
                }
                try (Stream<Document> docs = CorpusParquetReader.read(stagedCorpus.get(i))) {
                    for (Document d : (Iterable<Document>) docs::iterator) {
                        c.countIn();
                        if (minhash.keeps(n++)) {
                            c.countOut();
                            writer.write(d);
                            totals[0]++;
                            totals[1] += words(d.text());
                            totals[2] += d.text().length();
                        } else {
                            c.countDrop(MinHashDeduplicator.REASON);
                            rejects.write(d, Map.of("step", minhash.name(), "reason", MinHashDeduplicator.REASON));
                            totals[3]++;
                        }
                    }
                }
                writer.finish();
                rejects.finish();
            }
            Map<String, Long> dropped = new LinkedHashMap<>(first.dropped());
            if (totals[3] > 0) {
                dropped.put(minhash.name(), totals[3]);
            }
            result.add(new SourceStats(first.source(), first.read(), first.badInput(), totals[0], totals[1], totals[2], dropped));
        }
        if (n != minhash.added()) {
            throw new IllegalStateException("the staged corpus files changed between the two passes: " + minhash.added()
                    + " documents hashed, " + n + " read back");
        }
        return result;
    }

    /**
     * Rebuilds the dedup state a finished source left: exact dedup saw every document it kept, which is what the
     * source's first pass wrote (MinHash runs after the last source).
     */
    private void replay(Path corpusFile) {
        Step.Output ignore = new Step.Output() {
            @Override
            public void keep(Document d) {}

            @Override
            public void drop(Document d, String reason) {}
        };
        for (Step step : steps) {
            if (step instanceof ExactDeduplicator) {
                try (Stream<Document> docs = CorpusParquetReader.read(corpusFile)) {
                    docs.forEach(d -> step.apply(d, ignore));
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
            Step.Output head = chain.head(new StepChain.Sink() {
                @Override
                public void keep(Document d) {
                    writer.write(d);
                    totals[0]++;
                    totals[1] += words(d.text());
                    totals[2] += d.text().length();
                }

                @Override
                public void reject(Document d, String step, String reason) {
                    dropped.merge(step, 1L, Long::sum);
                    rejects.write(d, Map.of("step", step, "reason", reason));
                }
            });
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
            writeBadRecords(badFile, readLog.badRecords());
            if (readLog.documents() == 0) {
                yieldedNothing(source, readLog.badCount(), readLog.badRecords(), badFile, log); // throws unless allowed
            }
            writer.finish();
            rejects.finish();
        }
        return new SourceStats(source.name(), readLog.documents(), readLog.badCount(), totals[0], totals[1], totals[2], dropped);
    }

    /**
     * A source whose readers yielded no document: said, if the source allows it; else a {@link BadInputException}
     * naming the source, its files, the bad-record count and the first bad records.
     */
    public static void yieldedNothing(PipelineSpec.Source source, long badCount, List<BadRecord> badRecords, Path badFile,
            PrintStream log) {
        if (source.allowEmpty()) {
            log.println("source \"" + source.name() + "\" yielded no documents (allowed by allow_empty)");
            return;
        }
        StringBuilder m = new StringBuilder("source \"" + source.name() + "\" yielded no documents from its "
                + source.inputs().size() + " file(s) " + source.inputs() + ": " + badCount + " bad record(s)");
        badRecords.stream().limit(3).forEach(r -> m.append("; ").append(r.file()).append(": ").append(r.message()));
        if (badCount > 0) {
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

    /** Whitespace-separated words: the statistics' {@code words} column. */
    public static long words(String text) {
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

    /** The line a run prints per source. */
    public static String format(SourceStats s) {
        return String.format("%-14s read %,d  bad input %,d  kept %,d documents, %,d words, %,d chars  dropped %s",
                s.source(), s.read(), s.badInput(), s.kept(), s.words(), s.chars(), s.dropped());
    }

    /** A source's {@code bad-records/SOURCE.tsv}: file, where, problem, excerpt; tabs and newlines escaped. */
    public static void writeBadRecords(Path file, List<BadRecord> records) {
        StringBuilder sb = new StringBuilder("file\twhere\tproblem\texcerpt\n");
        for (BadRecord r : records) {
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
