package dk.snaklib.spark;

import dk.snaklib.corpus.BadRecord;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadLog;
import dk.snaklib.corpus.io.DocumentParquetWriter;
import dk.snaklib.corpus.pipeline.CorpusEngine;
import dk.snaklib.corpus.pipeline.CorpusPipeline;
import dk.snaklib.corpus.pipeline.ExactDeduplicator;
import dk.snaklib.corpus.pipeline.MinHashDeduplicator;
import dk.snaklib.corpus.pipeline.NearDuplicateClusters;
import dk.snaklib.corpus.pipeline.OutputLock;
import dk.snaklib.corpus.pipeline.PipelineResult;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.corpus.pipeline.SourceStats;
import dk.snaklib.corpus.pipeline.StatsTable;
import dk.snaklib.corpus.pipeline.Step;
import dk.snaklib.corpus.pipeline.StepCounters;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.IoErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The corpus pipeline on Spark: the same steps, settings and outputs as {@link CorpusPipeline}.
 * <ol>
 *   <li>One task per input file reads it with snaklib's reader and runs snaklib's per-document steps
 *       ({@link ReadTask}); every document gets its position in the order a local run sees ({@link Positions}).
 *   <li>Exact dedup: documents grouped by {@link ExactDeduplicator#key}, the earliest of each group kept.
 *   <li>MinHash: {@link MinHashDeduplicator#bandKeys} per document; documents sharing a (band, key) bucket are
 *       linked to the bucket's least member (star edges); connected components by large-star/small-star rounds
 *       ({@link StarComponents}); one document per component kept by {@link NearDuplicateClusters#keeps}, the rule
 *       the local engine applies to its union-find clusters.
 *   <li>The driver streams the survivors and rejects in position order ({@code toLocalIterator}) into the same
 *       files a local run writes (snaklib's writers), in a temporary folder inside the output folder, and moves
 *       them into place only when all are written; so a failed run (an unreachable master, a bad input in
 *       fail-fast mode) leaves no new file under a final name.
 * </ol>
 * A Spark run does not resume (its {@code done/} markers are removed): it redoes every source.
 */
public final class SparkCorpusEngine implements CorpusEngine {
    private final SparkSession spark;
    private final JavaSparkContext sc;
    private final boolean owned;

    /** An engine on a session of its own, started for {@code master} with extra Spark settings {@code conf}. */
    public static SparkCorpusEngine start(String master, Map<String, String> conf, PrintStream log) {
        return new SparkCorpusEngine(SparkSessions.start(master, conf, log), true);
    }

    /** An engine on a session the caller owns (a notebook's, a test's): {@link #close()} leaves it running. */
    public static SparkCorpusEngine on(SparkSession session) {
        return new SparkCorpusEngine(session, false);
    }

    private SparkCorpusEngine(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.owned = owned;
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }

    @Override
    public PipelineResult run(PipelineSpec spec, PrintStream log) {
        try (OutputLock lock = CorpusPipeline.holdOutput(spec, log)) {
            removeOwnTemporaries(spec.outputDir(), log);
            Path tmp = AtomicFiles.createTempDirectory(spec.outputDir(), SPARK_TMP);
            try {
                PipelineResult r = runInto(spec, tmp, log);
                return moveIntoPlace(spec, tmp, r);
            } finally {
                AtomicFiles.deleteTree(tmp);
            }
        } catch (IOException e) {
            throw IoErrors.cannot("write", spec.outputDir(), e);
        } catch (Exception e) { // Spark's jobs throw SparkException, a checked exception Java's signatures do not show
            throw unwrap(e);
        }
    }

    /** The prefix of the temporary folder a run writes into. */
    static final String SPARK_TMP = ".spark-run-";

    private PipelineResult runInto(PipelineSpec spec, Path out, PrintStream log) {
        List<Step> allSteps = CorpusPipeline.steps(spec);
        MinHashDeduplicator minhash = (MinHashDeduplicator) allSteps.stream().filter(s -> s instanceof MinHashDeduplicator)
                .findFirst().orElse(null);
        if (minhash != null) {
            log.println(minhash.describe());
        }
        List<ReadTask.FileInput> files = new ArrayList<>();
        for (int s = 0; s < spec.sources().size(); s++) {
            PipelineSpec.Source src = spec.sources().get(s);
            for (int f = 0; f < src.inputs().size(); f++) {
                files.add(new ReadTask.FileInput(s, src.name(), src.format(), f, src.inputs().get(f).toAbsolutePath().toString()));
            }
        }
        int partitions = Math.max(1, sc.defaultParallelism());
        List<JavaRDD<?>> persisted = new ArrayList<>();
        try {
            JavaRDD<TaskRecord> records = sc.parallelize(files, Math.max(1, files.size()))
                    .flatMap(new ReadTask(ReadTask.StepSettings.of(spec))).persist(StorageLevel.MEMORY_AND_DISK_SER());
            persisted.add(records);
            List<TaskRecord.FileSummary> summaries = records.filter(r -> r.kind == TaskRecord.Kind.SUMMARY)
                    .map(r -> r.summary).collect();
            checkNotEmpty(spec, summaries, out, log);

            JavaPairRDD<Long, Document> kept = records.filter(r -> r.kind == TaskRecord.Kind.KEPT)
                    .mapToPair(r -> new Tuple2<>(r.position, r.document)).partitionBy(new HashPartitioner(partitions))
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
            persisted.add(kept.rdd().toJavaRDD());
            JavaPairRDD<Long, Rejected> rejected = records.filter(r -> r.kind == TaskRecord.Kind.REJECTED)
                    .mapToPair(r -> new Tuple2<>(r.position, new Rejected(r.document, r.step, r.reason)));
            List<StepCounters> counters = addCounters(summaries);

            if (spec.exactDedup()) {
                JavaPairRDD<Long, Boolean> drops = kept.mapToPair(t -> {
                    long[] k = ExactDeduplicator.key(t._2().text());
                    return new Tuple2<>(new Tuple2<>(k[0], k[1]), t._1());
                }).groupByKey().flatMapToPair(g -> dropAllButTheEarliest(g._2()).iterator());
                JavaPairRDD<Long, Document> before = kept;
                kept = before.subtractByKey(drops).persist(StorageLevel.MEMORY_AND_DISK_SER());
                persisted.add(kept.rdd().toJavaRDD());
                JavaPairRDD<Long, Rejected> exact = before.join(drops)
                        .mapValues(t -> new Rejected(t._1(), "exact-dedup", ExactDeduplicator.REASON));
                rejected = rejected.union(exact);
                counters.add(dedupCounters("exact-dedup", before.count(), kept.count(), ExactDeduplicator.REASON));
            }
            JavaPairRDD<Long, Rejected> nearRejected = JavaPairRDD.fromJavaRDD(sc.emptyRDD());
            if (minhash != null) {
                MinHashDeduplicator.Config config = spec.minhash();
                String step = minhash.name();
                JavaPairRDD<Long, Long> edges = kept.mapPartitionsToPair(it -> {
                    MinHashDeduplicator m = new MinHashDeduplicator(config); // one per task: it reuses buffers
                    List<Tuple2<Tuple2<Integer, Long>, Long>> buckets = new ArrayList<>();
                    while (it.hasNext()) {
                        Tuple2<Long, Document> t = it.next();
                        long[] keys = m.bandKeys(t._2().text());
                        for (int b = 0; b < keys.length; b++) {
                            buckets.add(new Tuple2<>(new Tuple2<>(b, keys[b]), t._1()));
                        }
                    }
                    return buckets.iterator();
                }).groupByKey().flatMapToPair(g -> starEdges(g._2()).iterator());
                JavaPairRDD<Long, Long> components = StarComponents.of(edges, log);
                JavaPairRDD<Long, Boolean> drops = components.filter(t -> !NearDuplicateClusters.keeps(t._1(), t._2()))
                        .mapToPair(t -> new Tuple2<>(t._1(), Boolean.TRUE));
                JavaPairRDD<Long, Document> before = kept;
                kept = before.subtractByKey(drops).persist(StorageLevel.MEMORY_AND_DISK_SER());
                persisted.add(kept.rdd().toJavaRDD());
                nearRejected = before.join(drops).mapValues(t -> new Rejected(t._1(), step, MinHashDeduplicator.REASON));
                counters.add(dedupCounters(step, before.count(), kept.count(), MinHashDeduplicator.REASON));
            }
            return write(spec, out, summaries, kept, rejected, nearRejected, counters, allSteps, minhash, log);
        } finally {
            persisted.forEach(JavaRDD::unpersist);
        }
    }

    /** A rejected document and why. */
    record Rejected(Document document, String step, String reason) implements java.io.Serializable {}

    /** A fingerprint group: every member but the earliest ({@link NearDuplicateClusters#keeps}) is dropped. */
    private static List<Tuple2<Long, Boolean>> dropAllButTheEarliest(Iterable<Long> members) {
        long least = Long.MAX_VALUE;
        for (long m : members) {
            least = Math.min(least, m);
        }
        List<Tuple2<Long, Boolean>> out = new ArrayList<>();
        for (long m : members) {
            if (!NearDuplicateClusters.keeps(m, least)) {
                out.add(new Tuple2<>(m, Boolean.TRUE));
            }
        }
        return out;
    }

    /** A band bucket's members, each linked to the least (a star: O(members) edges, the components of all pairs). */
    private static List<Tuple2<Long, Long>> starEdges(Iterable<Long> members) {
        long least = Long.MAX_VALUE;
        for (long m : members) {
            least = Math.min(least, m);
        }
        List<Tuple2<Long, Long>> out = new ArrayList<>();
        for (long m : members) {
            if (m != least) {
                out.add(new Tuple2<>(m, least));
            }
        }
        return out;
    }

    private static StepCounters dedupCounters(String step, long in, long out, String reason) {
        return StepCounters.of(step, in, out, in == out ? Map.of() : Map.of(reason, in - out));
    }

    /** The per-document steps' counters over all files. */
    private static List<StepCounters> addCounters(List<TaskRecord.FileSummary> summaries) {
        List<StepCounters> total = new ArrayList<>();
        for (TaskRecord.FileSummary s : summaries) {
            for (int i = 0; i < s.counters().size(); i++) {
                StepCounters c = s.counters().get(i);
                if (total.size() <= i) {
                    total.add(StepCounters.of(c.step(), 0, 0, Map.of()));
                }
                total.get(i).add(c);
            }
        }
        return total;
    }

    /** Per source in spec order: documents read, bad records (in file order, at most ReadLog.MAX_KEPT) and their count. */
    private record SourceInput(long read, long badCount, List<BadRecord> bad) {}

    private static List<SourceInput> bySource(PipelineSpec spec, List<TaskRecord.FileSummary> summaries) {
        List<TaskRecord.FileSummary> sorted = new ArrayList<>(summaries);
        sorted.sort(java.util.Comparator.comparingInt(TaskRecord.FileSummary::source).thenComparingInt(TaskRecord.FileSummary::file));
        List<SourceInput> out = new ArrayList<>();
        for (int s = 0; s < spec.sources().size(); s++) {
            long read = 0;
            long badCount = 0;
            List<BadRecord> bad = new ArrayList<>();
            for (TaskRecord.FileSummary f : sorted) {
                if (f.source() == s) {
                    read += f.read();
                    badCount += f.badCount();
                    for (String[] r : f.badRecords()) {
                        if (bad.size() < ReadLog.MAX_KEPT) {
                            bad.add(new BadRecord(Path.of(r[0]), r[1], r[2], r[3]));
                        }
                    }
                }
            }
            out.add(new SourceInput(read, badCount, bad));
        }
        return out;
    }

    /** A source that yielded nothing is the local engine's error (unless allowed), raised before any output. */
    private static void checkNotEmpty(PipelineSpec spec, List<TaskRecord.FileSummary> summaries, Path out, PrintStream log) {
        List<SourceInput> inputs = bySource(spec, summaries);
        for (int s = 0; s < inputs.size(); s++) {
            if (inputs.get(s).read() == 0) {
                PipelineSpec.Source src = spec.sources().get(s);
                CorpusPipeline.yieldedNothing(src, inputs.get(s).badCount(), inputs.get(s).bad(),
                        spec.outputDir().resolve("bad-records").resolve(src.name() + ".tsv"), log);
            }
        }
    }

    /**
     * The driver's part: survivors and rejects in position order into per-source files under {@code out}, the
     * statistics counted as they pass. Rejects of the per-document steps and exact dedup come first (in order),
     * then MinHash's, as a local run writes them.
     */
    private PipelineResult write(PipelineSpec spec, Path out, List<TaskRecord.FileSummary> summaries,
            JavaPairRDD<Long, Document> kept, JavaPairRDD<Long, Rejected> rejected, JavaPairRDD<Long, Rejected> nearRejected,
            List<StepCounters> counters, List<Step> allSteps, MinHashDeduplicator minhash, PrintStream log) {
        int n = spec.sources().size();
        List<SourceInput> inputs = bySource(spec, summaries);
        long[][] totals = new long[n][3]; // kept, words, chars
        List<Map<String, Long>> dropped = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            dropped.add(new TreeMap<>());
        }
        List<Path> corpusFiles = new ArrayList<>();
        List<Path> rejectFiles = new ArrayList<>();
        List<Path> badFiles = new ArrayList<>();
        for (PipelineSpec.Source src : spec.sources()) {
            corpusFiles.add(spec.outputDir().resolve("corpus").resolve(src.name() + ".parquet"));
            rejectFiles.add(spec.outputDir().resolve("rejects").resolve(src.name() + ".parquet"));
            badFiles.add(spec.outputDir().resolve("bad-records").resolve(src.name() + ".tsv"));
        }
        Peeking<Tuple2<Long, Document>> keptIt = new Peeking<>(kept.sortByKey().toLocalIterator());
        Peeking<Tuple2<Long, Rejected>> rejIt = new Peeking<>(rejected.sortByKey().toLocalIterator());
        Peeking<Tuple2<Long, Rejected>> nearIt = new Peeking<>(nearRejected.sortByKey().toLocalIterator());
        for (int s = 0; s < n; s++) {
            String name = spec.sources().get(s).name();
            try (DocumentParquetWriter w = new DocumentParquetWriter(out.resolve("corpus").resolve(name + ".parquet"), List.of());
                    DocumentParquetWriter r = new DocumentParquetWriter(out.resolve("rejects").resolve(name + ".parquet"),
                            List.of("step", "reason"))) {
                while (keptIt.hasNext() && Positions.source(keptIt.peek()._1()) == s) {
                    Document d = keptIt.next()._2();
                    w.write(d);
                    totals[s][0]++;
                    totals[s][1] += CorpusPipeline.words(d.text());
                    totals[s][2] += d.text().length();
                }
                for (Peeking<Tuple2<Long, Rejected>> it : List.of(rejIt, nearIt)) {
                    while (it.hasNext() && Positions.source(it.peek()._1()) == s) {
                        Rejected x = it.next()._2();
                        r.write(x.document(), Map.of("step", x.step(), "reason", x.reason()));
                        dropped.get(s).merge(x.step(), 1L, Long::sum);
                    }
                }
                w.finish();
                r.finish();
            }
            CorpusPipeline.writeBadRecords(out.resolve("bad-records").resolve(name + ".tsv"), inputs.get(s).bad());
        }
        if (keptIt.hasNext() || rejIt.hasNext() || nearIt.hasNext()) {
            throw new IllegalStateException("documents of an unknown source left over after the last source");
        }
        List<SourceStats> stats = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            Map<String, Long> inOrder = new LinkedHashMap<>(); // step order, as a local run's map is filled
            for (Step step : allSteps) {
                Long v = dropped.get(s).get(step.name());
                if (v != null) {
                    inOrder.put(step.name(), v);
                }
            }
            SourceStats st = new SourceStats(spec.sources().get(s).name(), inputs.get(s).read(), inputs.get(s).badCount(),
                    totals[s][0], totals[s][1], totals[s][2], inOrder);
            stats.add(st);
            log.println(CorpusPipeline.format(st));
        }
        counters.forEach(c -> log.println("  " + c));
        StatsTable table = new StatsTable(stats, allSteps.stream().map(Step::name).toList());
        AtomicFiles.writeString(out.resolve("stats.tsv"), table.toTsv());
        table.writeParquet(out.resolve("stats.parquet"));
        return new PipelineResult(stats, List.copyOf(counters), corpusFiles, rejectFiles, badFiles,
                spec.outputDir().resolve("stats.tsv"), minhash == null ? "" : minhash.describe());
    }

    /** Moves every file of the finished run from {@code tmp} to its final place; drops the sources' done markers. */
    private static PipelineResult moveIntoPlace(PipelineSpec spec, Path tmp, PipelineResult r) throws IOException {
        Path outDir = spec.outputDir();
        for (PipelineSpec.Source src : spec.sources()) { // a local rerun must not reuse a marker for other outputs
            Files.deleteIfExists(outDir.resolve("done").resolve(src.name() + ".json"));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tmp)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            Path target = outDir.resolve(tmp.relativize(f).toString());
            Files.createDirectories(target.getParent());
            AtomicFiles.moveAtomically(f, target);
        }
        return r;
    }

    /** Temporary run folders a killed Spark run left (this run holds the folder's lock, so none is in use). */
    private static void removeOwnTemporaries(Path outDir, PrintStream log) throws IOException {
        if (!Files.isDirectory(outDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(outDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(SPARK_TMP) && Files.isDirectory(p)).toList()) {
                AtomicFiles.deleteTree(p);
                log.println("removed the temporary folder an interrupted Spark run left: " + outDir.relativize(p));
            }
        }
    }

    /** A task's BadInputException (a fail-fast bad record), as the local engine throws it; else the exception. */
    private static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException b) {
                return b;
            }
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }

    /** An iterator that can look at its next element. */
    private static final class Peeking<T> implements Iterator<T> {
        private final Iterator<T> it;
        private T next;

        Peeking(Iterator<T> it) {
            this.it = it;
        }

        T peek() {
            if (next == null) {
                next = it.next();
            }
            return next;
        }

        @Override
        public boolean hasNext() {
            return next != null || it.hasNext();
        }

        @Override
        public T next() {
            T t = peek();
            next = null;
            return t;
        }
    }
}
