package dk.snaklib.corpus.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.pipeline.CorpusPipeline;
import dk.snaklib.corpus.pipeline.LanguageFilter;
import dk.snaklib.corpus.pipeline.MinHashDeduplicator;
import dk.snaklib.corpus.pipeline.PipelineResult;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.corpus.pipeline.SourceStats;
import dk.snaklib.corpus.read.Readers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed bundled corpus reads cleanly and runs through the pipeline. */
class BundledCorpusTest {
    static final Path BUNDLED = Path.of(System.getProperty("user.dir")).resolveSibling("data-catalog/bundled");

    @TempDir
    Path out;

    static List<String[]> manifest() throws IOException {
        return Files.readAllLines(BUNDLED.resolve("MANIFEST.tsv")).stream().skip(1).map(l -> l.split("\t")).toList();
    }

    @Test
    void manifestMatchesTheFiles() throws IOException {
        List<String[]> rows = manifest();
        assertEquals(10, rows.size());
        assertTrue(rows.stream().filter(r -> r[0].equals("da")).count() >= 5, "five Danish registers");
        long bytes = 0;
        for (String[] r : rows) {
            Path file = BUNDLED.resolve(r[10]);
            bytes += Files.size(file);
            long docs;
            try (Stream<Document> s = Readers.forFormat("jsonl").read(file, ReadOptions.failFast(r[1]))) {
                docs = s.count();
            }
            assertEquals(Long.parseLong(r[6]), docs, r[10]);
        }
        assertTrue(bytes < 30L << 20, "bundled samples stay under 30 MB: " + bytes);
    }

    static PipelineSpec danishSpec(Path out) throws IOException {
        List<PipelineSpec.Source> sources = new ArrayList<>();
        for (String[] r : manifest()) {
            if (r[0].equals("da")) {
                sources.add(new PipelineSpec.Source(r[1], "jsonl", List.of(BUNDLED.resolve(r[10]))));
            }
        }
        return new PipelineSpec(sources, out, ErrorPolicy.FAIL_FAST, false, false, true,
                new PipelineSpec.Language(LanguageFilter.DEFAULT_LANGUAGES, 0.6, LanguageFilter.Mode.LINE), null, true,
                MinHashDeduplicator.Config.study());
    }

    @Test
    void benchmarkReportsEveryStage() throws IOException {
        var timings = dk.snaklib.corpus.pipeline.CorpusBenchmark.run(danishSpec(out), System.out);
        assertEquals(List.of("read", "normalize", "langid", "exact-dedup", "minhash", "end-to-end", "end-to-end-2t"),
                timings.stream().map(dk.snaklib.corpus.pipeline.CorpusBenchmark.Timing::stage).toList());
        assertTrue(timings.get(timings.size() - 1).megabytesPerSecond() > 0);
    }

    @Test
    void danishCorpusRunsThroughTheStudyPipeline() throws IOException {
        PipelineSpec spec = danishSpec(out);
        PipelineResult result = CorpusPipeline.run(spec, System.out);
        System.out.print(Files.readString(result.statsFile()));
        for (SourceStats s : result.sources()) {
            assertTrue(s.kept() > 0 && s.words() > 1000, s.toString());
        }
        assertTrue(result.sources().stream().mapToLong(SourceStats::words).sum() > 500_000);
    }
}
