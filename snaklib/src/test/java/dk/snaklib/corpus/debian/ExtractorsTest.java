package dk.snaklib.corpus.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dk.snaklib.util.BadInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class ExtractorsTest {
    @Test
    void htmlBlocksBecomeParagraphsInlineRunsOn() {
        var doc = Jsoup.parse("<div id=main><h1>Søgelinje</h1><p>Brug <b>Søg</b> til at finde\n tekst.</p>"
                + "<ul><li>Første</li><li>Anden</li></ul><div class=nav>Næste</div></div>");
        doc.select(".nav").remove();
        assertEquals(List.of("Søgelinje", "Brug Søg til at finde tekst.", "Første", "Anden"),
                HtmlText.paragraphs(doc.selectFirst("#main")));
    }

    @Test
    void manPageProseWithoutMacrosOrOptionTags() {
        String groff = """
                .\\" comment
                .TH TEST 1 "september 2022"
                .SH NAVN
                test \\- kontroller filtyper
                .SH BESKRIVELSE
                .PP
                Returnér med en \\fBstatusværdi\\fP som
                bestemmes af UDTRYK.
                .TP
                \\fB\\-\\-help\\fP
                vis denne hjælpetekst og afslut
                .nf
                kode der springes over
                .fi
                """;
        assertEquals(List.of("NAVN", "test - kontroller filtyper", "BESKRIVELSE",
                "Returnér med en statusværdi som bestemmes af UDTRYK.", "vis denne hjælpetekst og afslut"),
                ManPageText.paragraphs(groff));
        assertEquals("“citat” — ja", ManPageText.inline("\\(lqcitat\\(rq \\(em ja"));
    }

    @Test
    void moFileMessagesLittleEndian() {
        byte[] mo = mo(List.of("", "Open\u0000Opens", "ctx\u0004Save"), List.of("header", "Åbn\u0000Åbner", "Gem"));
        assertEquals(List.of(new MoFile.Message("Open\nOpens", "Åbn\nÅbner"), new MoFile.Message("Save", "Gem")),
                MoFile.read(Path.of("x.mo"), mo));
        assertThrows(BadInputException.class, () -> MoFile.read(Path.of("x.mo"), new byte[40]));
    }

    /** A minimal .mo file as GNU msgfmt lays it out (header, two string tables, strings). */
    static byte[] mo(List<String> originals, List<String> translations) {
        int n = originals.size();
        int origTable = 28;
        int transTable = origTable + 8 * n;
        int strings = transTable + 8 * n;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(strings).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(0x950412de).putInt(0).putInt(n).putInt(origTable).putInt(transTable).putInt(0).putInt(0);
        List<List<String>> tables = List.of(originals, translations);
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < n; i++) {
                byte[] s = tables.get(t).get(i).getBytes(StandardCharsets.UTF_8);
                head.putInt((t == 0 ? origTable : transTable) + 8 * i, s.length);
                head.putInt((t == 0 ? origTable : transTable) + 8 * i + 4, strings + data.size());
                data.writeBytes(s);
                data.write(0);
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.array());
        all.writeBytes(data.toByteArray());
        return all.toByteArray();
    }
}
