package dk.snaklib.corpus.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.BadRecord;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.read.Readers;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives cut short: every line the reference tool ({@code gzip -dc}, {@code xz -dc}, {@code zstd -dc},
 * {@code bzip2 -dc}) recovers before the damage is kept, and the bad record names the compressed byte offset.
 * Golden counts and hashes: golden/corpus-truncated/expected.tsv, made by make-truncated.sh beside it.
 */
class TruncatedInputTest {
    record Expected(String file, long compressedBytes, int lines, String sha256) {}

    static Path golden(String name) {
        try {
            return Path.of(TruncatedInputTest.class.getResource("/golden/corpus-truncated").toURI()).resolve(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Expected expected(String file) throws IOException {
        return Files.readAllLines(golden("expected.tsv")).stream().skip(1).map(l -> l.split("\t"))
                .filter(f -> f[0].equals(file))
                .map(f -> new Expected(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), f[3]))
                .findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated.txt.gz", "truncated.txt.xz", "truncated.txt.zst", "truncated.txt.bz2"})
    void keepsEveryLineTheReferenceToolRecoversAndNamesTheByteOffset(String name) throws Exception {
        Expected want = expected(name);
        Path file = golden(name);
        ReadOptions options = ReadOptions.skipping("t");
        List<Document> docs;
        try (Stream<Document> s = Readers.forFormat("lines").read(file, options)) {
            docs = s.toList();
        }
        StringBuilder text = new StringBuilder();
        docs.forEach(d -> text.append(d.text()).append('\n'));
        assertEquals(want.lines(), docs.size(), name + ": lines recovered");
        assertEquals(want.sha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8))), name + ": text recovered");

        assertEquals(1, options.log().badCount(), "the damage is counted once");
        BadRecord bad = options.log().badRecords().get(0);
        assertEquals(file, bad.file());
        assertTrue(bad.where().contains("compressed byte " + want.compressedBytes()), bad.toString());
        assertFalse(bad.where().contains("line 1") || bad.problem().contains("null"), bad.toString());

        BadInputException e = assertThrows(BadInputException.class, () -> {
            try (Stream<Document> s = Readers.forFormat("lines").read(file, ReadOptions.failFast("t"))) {
                s.forEach(d -> {});
            }
        });
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("compressed byte " + want.compressedBytes()),
                e.getMessage());
        assertFalse(e.getMessage().contains("(null)"), e.getMessage());
    }
}
