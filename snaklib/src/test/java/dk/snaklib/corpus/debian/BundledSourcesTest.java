package dk.snaklib.corpus.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parsers behind the bundled instruction set, on small files in each package's format. */
class BundledSourcesTest {
    @TempDir Path tmp;

    @Test
    void helpPagesGiveIdentifiedBlocksAndSections() throws Exception {
        Path f = tmp.resolve("p.html");
        Files.writeString(f, """
                <html><body><div id="DisplayArea">
                <h1 id="hd_id1">Arbejde med   tabeller</h1>
                <p id="par_id2" class="paragraph">En tabel har <span class="emph">rækker</span> og kolonner.</p>
                <pre id="par_id9">kode</pre>
                <h2 id="hd_id3">Indsæt en tabel</h2>
                <ol><li><p id="par_id4">Vælg Tabel - Indsæt.</p></li></ol>
                <p>uden id</p>
                </div></body></html>""");
        HelpPage page = HelpPage.read(f, "text/x.html");
        assertEquals(List.of("hd_id1", "par_id2", "hd_id3", "par_id4"), page.blocks().stream().map(HelpPage.Block::id).toList());
        assertEquals("Arbejde med tabeller", page.blocks().get(0).text());
        assertEquals(List.of("En tabel har rækker og kolonner.", "Vælg Tabel - Indsæt."),
                page.sections().stream().map(HelpPage.Section::body).toList());
        assertEquals("Indsæt en tabel", page.sections().get(1).heading().text());
    }

    @Test
    void thesaurusKeepsSynonymsNotNarrowerTerms() throws Exception {
        Path dat = tmp.resolve("th.dat");
        Files.writeString(dat, "utf-8\nbil|2\n|vogn|automobil|bil\n|lastbil (underbegreb)|vogn\nhus|1\n|bolig\n");
        var entries = WordLists.thesaurus(dat);
        assertEquals(List.of(new WordLists.Entry("bil", List.of("vogn", "automobil"), "line 2"),
                new WordLists.Entry("hus", List.of("bolig"), "line 5")), entries);
    }

    @Test
    void dictdEntriesByBase64OffsetWithoutBracketedNotes() throws Exception {
        String a = "abe /ˈabə/ <n>\nape, monkey\n";
        String b = "abbedi /abəðˈi/ <n>\n [kloster] abbey\n";
        byte[] body = (a + b).getBytes(StandardCharsets.UTF_8);
        int bOffset = a.getBytes(StandardCharsets.UTF_8).length;
        Path dz = tmp.resolve("d.dict.dz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(dz))) {
            out.write(body);
        }
        Path index = tmp.resolve("d.index");
        // base64 digits: A=0 .. Z=25, a=26 ..; lengths and offsets below 64 are one digit
        String digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int aLen = bOffset;
        int bLen = body.length - bOffset;
        Files.writeString(index, "00databaseinfo\tA\tB\nabe\tA\t" + digits.charAt(aLen) + "\nabbedi\t"
                + digits.charAt(bOffset) + "\t" + digits.charAt(bLen) + "\n");
        var entries = WordLists.dictd(index, dz);
        assertEquals(List.of(new WordLists.Entry("abe", List.of("ape, monkey"), "byte 0"),
                new WordLists.Entry("abbedi", List.of("abbey"), "byte " + bOffset)), entries);
    }
}
