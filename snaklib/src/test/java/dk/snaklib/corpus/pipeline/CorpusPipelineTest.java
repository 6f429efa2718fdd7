package dk.snaklib.corpus.pipeline;

import static dk.snaklib.corpus.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.ParquetRows;
import dk.snaklib.util.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on the ten formats' fixtures: outputs, rejects with reasons, statistics, bad input. */
class CorpusPipelineTest {
    @TempDir
    Path out;

    static List<PipelineSpec.Source> studySources() {
        return List.of(
                new PipelineSpec.Source("bookshop", "opus-mono", List.of(path("opus/da.txt.gz"))),
                new PipelineSpec.Source("cc100", "cc100", List.of(path("cc100/da.txt.xz"))),
                new PipelineSpec.Source("culturax", "culturax", List.of(path("culturax/da_part_00000.parquet"))),
                new PipelineSpec.Source("danewsroom", "danewsroom", List.of(path("danewsroom/danewsroom.jsonl.gz"))),
                new PipelineSpec.Source("dawiki", "mediawiki", List.of(path("dawiki/dawiki-20240101-pages-articles-multistream.xml.bz2"))),
                new PipelineSpec.Source("ftspeech", "ftspeech-lm", List.of(path("ftspeech/ft_lm_train_data.txt.zst"))),
                new PipelineSpec.Source("gigaword", "gigaword", List.of(path("gigaword"))),
                new PipelineSpec.Source("opensubtitles", "opus-mono", List.of(path("opus/da.txt.gz"))),
                new PipelineSpec.Source("reddit", "convokit", List.of(path("reddit/utterances.jsonl.zst"))),
                new PipelineSpec.Source("twitter", "twitter", List.of(path("twitter/2019-01-01.json.bz2"))));
    }

    static List<Map<String, String>> rows(Path parquet, List<String> optional) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (ParquetRows r = ParquetRows.open(parquet, ReadOptions.failFast("t"), List.of("id", "source", "text"), optional)) {
            for (Map<String, String> row; (row = r.next()) != null; ) {
                rows.add(row);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }

    @Test
    void studyPipelineOnAllTenFormats() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineResult result = CorpusPipeline.run(PipelineSpec.study(studySources(), out),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("4 bands x 15 rows"), printed);

        assertEquals(10, result.sources().size());
        result.corpusFiles().forEach(f -> assertTrue(Files.exists(f), f.toString()));
        // OpenSubtitles reads the same file as Bookshop: every line is an exact duplicate across sources.
        SourceStats subs = result.sources().get(7);
        assertEquals(0, subs.kept());
        assertEquals(4L, subs.dropped().get("exact-dedup"));

        List<Map<String, String>> rejects = new ArrayList<>();
        result.rejects().forEach(f -> rejects.addAll(rows(f, List.of("step", "reason"))));
        long total = result.steps().stream().mapToLong(StepCounters::droppedTotal).sum();
        assertEquals(total, rejects.size(), "every drop is in the rejects file");
        assertTrue(rejects.stream().anyMatch(r -> r.get("id").equals("danewsroom:danewsroom.jsonl:3")
                && r.get("reason").equals("deleted/removed placeholder")), rejects.toString());
        assertTrue(rejects.stream().anyMatch(r -> r.get("id").equals("reddit:c2") && r.get("step").equals("study-rules")));

        // Conservation: after the study rules split documents into lines, every step keeps or drops each input once.
        for (StepCounters c : result.steps()) {
            if (!c.step().equals("study-rules")) {
                assertEquals(c.in(), c.out() + c.droppedTotal(), c.toString());
            }
        }
        System.out.print(printed);
        List<Map<String, String>> dawiki = rows(result.corpusFiles().get(4), List.of());
        assertTrue(dawiki.stream().anyMatch(r -> r.get("text").equals("Aarhus blev grundlagt i vikingetiden omkring år 770.")));
        assertTrue(result.keptTotal() > 0);
        String stats = readString(result.statsFile());
        assertTrue(stats.startsWith("source\tread\tbad_input\tkept\twords\tchars\tdropped_study-rules"), stats);
        assertEquals(11, stats.lines().count());
        try (ParquetRows r = ParquetRows.open(result.statsFile().resolveSibling("stats.parquet"), ReadOptions.failFast("t"),
                List.of("source"), List.of("kept", "dropped_exact_dedup"))) {
            Map<String, String> first = r.next();
            assertEquals("bookshop", first.get("source"));
            assertEquals(Long.toString(result.sources().get(0).kept()), first.get("kept"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badInputIsKeptAsideInSkipModeAndStopsInFailFastMode() {
        List<PipelineSpec.Source> sources = List.of(
                new PipelineSpec.Source("news", "danewsroom", List.of(path("bad/broken.jsonl"))),
                new PipelineSpec.Source("subs", "opus-mono", List.of(path("bad/truncated.txt.gz"), path("opus/da.txt.gz"))));
        PipelineSpec spec = new PipelineSpec(sources, out, ErrorPolicy.SKIP, false, false, true, null, null, true, null);
        PipelineResult result = CorpusPipeline.run(spec, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(2, result.sources().get(0).badInput());
        assertEquals(2, result.sources().get(0).kept());
        assertEquals(1, result.sources().get(1).badInput());
        String bad = readString(result.badRecords().get(0)) + readString(result.badRecords().get(1));
        assertTrue(bad.contains("broken.jsonl\tline 2\tbroken JSON"), bad);
        assertTrue(bad.contains("truncated.txt.gz\tcompressed byte 60 of 60\ttruncated or corrupt gzip data"), bad);

        Path failOut = out.resolve("fail");
        PipelineSpec failFast = new PipelineSpec(sources, failOut, ErrorPolicy.FAIL_FAST, false, false, true, null, null,
                true, null);
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusPipeline.run(failFast,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("broken.jsonl: line 2: broken JSON"), e.getMessage());
        assertFalse(Files.exists(failOut.resolve("corpus/news.parquet")), "no half corpus file under the final name");
    }

    @Test
    void countsTokensUnderATokenizerJson() throws java.io.IOException {
        PipelineSpec spec = new PipelineSpec(List.of(new PipelineSpec.Source("subs", "opus-mono", List.of(path("opus/da.txt.gz")))),
                out, ErrorPolicy.FAIL_FAST, false, false, true, null, null, false, null);
        PipelineResult result = CorpusPipeline.run(spec, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (TokenCounter counter = new TokenCounter(path("tokenizer/tokenizer.json"))) {
            assertEquals(4, counter.count("Hej, verden!")); // WordLevel over the Whitespace pre-tokenizer
            Map<String, Long> tokens = counter.addTo(result);
            assertTrue(tokens.get("subs") > 37, tokens.toString()); // more tokens than the 37 words: punctuation
        }
        assertTrue(Files.readString(result.statsFile()).startsWith("source\tread\tbad_input\tkept\twords\tchars\ttokens"));
    }

    @Test
    void resumesAfterACrashWithoutRedoingFinishedSources() throws java.io.IOException {
        Path broken = out.resolve("in/news.jsonl");
        Files.createDirectories(broken.getParent());
        Files.copy(path("bad/broken.jsonl"), broken);
        List<PipelineSpec.Source> sources = List.of(
                new PipelineSpec.Source("bookshop", "opus-mono", List.of(path("opus/da.txt.gz"))),
                new PipelineSpec.Source("subs", "opus-mono", List.of(path("opus/da.txt.gz"))),
                new PipelineSpec.Source("news", "danewsroom", List.of(broken)));
        PipelineSpec spec = new PipelineSpec(sources, out.resolve("run"), ErrorPolicy.FAIL_FAST, false, false, true, null,
                null, true, MinHashDeduplicator.Config.study());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(BadInputException.class, () -> CorpusPipeline.run(spec, quiet)); // "crash" in the third source
        assertTrue(Files.exists(out.resolve("run/done/bookshop.json")) && Files.exists(out.resolve("run/done/subs.json")));
        assertFalse(Files.exists(out.resolve("run/done/news.json")));

        Files.writeString(broken, "{\"text\": \"god linje\"}\n{\"text\": \"Kommissionen har i dag vedtaget en ny strategi for landbruget.\"}\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineResult resumed = CorpusPipeline.run(spec, new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);
        assertEquals(2, printed.split("finished in an earlier run", -1).length - 1, printed);
        // Dedup state was rebuilt from the finished sources: the news line seen in bookshop is an exact duplicate.
        SourceStats news = resumed.sources().get(2);
        assertEquals(1, news.kept());
        assertEquals(1L, news.dropped().get("exact-dedup"));
        assertEquals(0, resumed.sources().get(1).kept());

        PipelineResult fresh = CorpusPipeline.run(new PipelineSpec(sources, out.resolve("fresh"), ErrorPolicy.FAIL_FAST,
                false, false, true, null, null, true, MinHashDeduplicator.Config.study()), quiet);
        assertEquals(fresh.sources(), resumed.sources(), "a resumed run ends where a fresh run does");
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
