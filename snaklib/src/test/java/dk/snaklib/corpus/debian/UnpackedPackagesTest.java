package dk.snaklib.corpus.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnpackedPackagesTest {
    @TempDir Path dir;

    @Test
    void versionsTsvIsReadSortedByPackageAndOtherLinesAreSkipped() throws Exception {
        // as the recipes write it (printf '%s\t%s\n'), plus lines the recipes never write
        Path tsv = Files.writeString(dir.resolve("versions.tsv"),
                "manpages-da\t4.18.1-1\nlibreoffice-help-da\t4:7.4.7-1+deb12u14\n\nno-version\na\tb\tc\n");
        Map<String, String> v = UnpackedPackages.readVersions(tsv);
        assertEquals(List.of("libreoffice-help-da", "manpages-da"), List.copyOf(v.keySet()));
        assertEquals("4:7.4.7-1+deb12u14", v.get("libreoffice-help-da"));
        assertEquals("4.18.1-1", v.get("manpages-da"));
    }

    @Test
    void argumentsGiveTheFolderAndTheVersions() throws Exception {
        Path tsv = Files.writeString(dir.resolve("versions.tsv"), "gimp-help-da\t2.10.34-2\n");
        var p = UnpackedPackages.fromArgs("X", new String[] {dir.toString(), tsv.toString(), "out"}, "OUT_DIR");
        assertEquals(dir, p.dir());
        assertEquals(Map.of("gimp-help-da", "2.10.34-2"), p.versions());
        assertThrows(NoSuchFileException.class, () -> UnpackedPackages.fromArgs("X",
                new String[] {dir.toString(), dir.resolve("none.tsv").toString(), "out"}, "OUT_DIR"));
    }

    @Test
    void sha1IsTheHexDigestOfTheUtf8Bytes() {
        // FIPS 180 example, and the UTF-8 bytes of a Danish word (python3: hashlib.sha1("rødgrød".encode()).hexdigest())
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", TextHash.sha1("abc"));
        assertEquals("f37058a119fa857d94c03dab23b639a195190f3c", TextHash.sha1("rødgrød"));
    }
}
