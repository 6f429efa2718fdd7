package dk.snaklib.corpus.megatron;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.DocumentParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MegatronJsonlTest {
    @TempDir Path tmp;

    /** Python's json module (what preprocess_data.py parses with) reads every document back exactly. */
    @Test
    void pythonsJsonReadsTheTextsBack() throws Exception {
        List<String> texts = List.of("Hej, verden! Æble, øl og å.", "citat: \"ja\" \\ og en\nny linje\ttab", "emoji \uD83D\uDE00 og \u2028");
        Path corpus = tmp.resolve("c.parquet");
        try (DocumentParquetWriter w = new DocumentParquetWriter(corpus, List.of())) {
            for (int i = 0; i < texts.size(); i++) {
                w.write(new Document("d" + i, "t", texts.get(i)));
            }
            w.finish();
        }
        Path out = tmp.resolve("sub/danish.jsonl");
        assertEquals(3, MegatronJsonl.write(List.of(corpus), out));
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import json,sys\nfor l in open(sys.argv[1], encoding='utf-8'):\n  o=json.loads(l)\n  assert list(o)==['text']\n"
                        + "  sys.stdout.write(o['text'].encode('unicode_escape').decode('ascii')+'\\n')", out.toString())
                .redirectErrorStream(true).start();
        String got = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, p.waitFor(), got);
        List<String> lines = got.lines().toList();
        assertEquals(3, lines.size(), got);
        for (int i = 0; i < 3; i++) {
            assertEquals(texts.get(i), unescape(lines.get(i)));
        }
        assertEquals(3, Files.readAllLines(out).size());
    }

    /** Python's unicode_escape back to a Java string. */
    private static String unescape(String s) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys,json; print(json.dumps(sys.argv[1].encode('ascii').decode('unicode_escape')))", s).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        p.waitFor();
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String.class);
    }
}
