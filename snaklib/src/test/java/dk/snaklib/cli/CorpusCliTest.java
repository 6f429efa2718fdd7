package dk.snaklib.cli;

import dk.snaklib.corpus.megatron.MegatronReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real `snak catalog`, `snak corpus run/stats` and `snak export megatron` on the bundled corpus. */
class CorpusCliTest {
    @TempDir
    Path work;

    @Test
    void catalogListsAndShowsEntries() {
        String list = PretrainCliTest.stdout("catalog", "list", "--catalog", "../data-catalog");
        for (String name : new String[] {"cc100", "culturax", "dawiki", "bundled-da-manpages", "scala-da"}) {
            assertTrue(list.contains(name), name + " missing from\n" + list);
        }
        String show = PretrainCliTest.stdout("catalog", "show", "bundled-da-manpages", "--catalog", "../data-catalog");
        assertTrue(show.contains("GPL-3+") && show.contains("manpages-da"), show);
    }

    @Test
    void corpusRunWritesStatisticsAndMegatronExportReadsBack() throws Exception {
        Path out = work.resolve("run");
        Path yaml = Files.writeString(work.resolve("pipeline.yaml"), String.join("\n",
                "output: " + out.toAbsolutePath(),
                "data_root: " + Path.of("..").toAbsolutePath().normalize(),
                "policy: skip",
                "study_rules: true",
                "line_per_document: true",
                "language: {languages: [da, nb, nn, sv, en, de], threshold: 0.6, mode: line}",
                "quality: false",
                "exact_dedup: true",
                "minhash: {permutations: 64, threshold: 0.85, ngram: 5, seed: 42}",
                "sources:",
                "  - catalog: bundled-da-manpages", ""));
        String stats = PretrainCliTest.stdout("corpus", "run", yaml.toString(), "--catalog", "../data-catalog");
        String row = stats.lines().filter(l -> l.startsWith("bundled-da-manpages")).findFirst().orElseThrow();
        long kept = Long.parseLong(row.split("\t")[3]);
        assertTrue(kept > 100, stats);
        assertEquals(stats.substring(0, stats.indexOf("kept ")),
                PretrainCliTest.stdout("corpus", "stats", out.toString()));

        Path corpusFile;
        try (Stream<Path> s = Files.walk(out)) {
            corpusFile = s.filter(p -> p.toString().endsWith(".parquet") && p.getParent().getFileName().toString().equals("corpus"))
                    .findFirst().orElseThrow();
        }
        Path tokenizer = Path.of(getClass().getResource("/tokenizer/llama2-style/tokenizer.json").toURI());
        Path prefix = work.resolve("mega/da");
        Files.createDirectories(prefix.getParent());
        String done = PretrainCliTest.stdout("export", "megatron", "--corpus", corpusFile.toString(), "--tokenizer",
                tokenizer.toString(), "--prefix", prefix.toString());
        assertTrue(done.contains(String.format("%,d documents", kept)), done + " vs kept " + kept);
        // The names printed are the names written: Megatron's {prefix}_text_document.bin/.idx.
        Path bin = Path.of(prefix + "_text_document.bin");
        Path idx = Path.of(prefix + "_text_document.idx");
        assertTrue(done.contains(bin.toString()) && done.contains(idx.toString()), done);
        assertTrue(Files.isRegularFile(bin) && Files.isRegularFile(idx), done);
        MegatronReader reader = new MegatronReader(Path.of(prefix + "_text_document"));
        assertEquals(kept, reader.sequences());
        int[] first = reader.sequence(0);
        assertEquals(2, first[first.length - 1], "documents end with Llama-2's EOS id 2");
    }

    @Test
    void anOutputFolderThatCannotBeMadeIsOneLineWithTheOsReason() throws Exception {
        Path file = Files.writeString(work.resolve("a-file"), "x");
        Path yaml = Files.writeString(work.resolve("p.yaml"), String.join("\n",
                "output: " + file.resolve("run").toAbsolutePath(),
                "sources:",
                "  - {name: subs, format: lines, files: [" + work.resolve("in.txt") + "]}", ""));
        Files.writeString(work.resolve("in.txt"), "En linje.\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = PretrainCliTest.snak("corpus", "run", yaml.toString(), "--catalog", "../data-catalog");
        } finally {
            System.setErr(old);
        }
        String message = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.contains(file.toString()) && message.contains("Not a directory"), message);
    }
}
