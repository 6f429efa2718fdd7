package dk.snaklib.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The bundled test text (see src/test/resources/text/README.md). */
final class TestText {
    private TestText() {}

    static Path danishFile() {
        try {
            return Path.of(TestText.class.getResource("/text/danish.txt").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> danishLines() {
        try {
            return Files.readAllLines(danishFile()).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sentences that stress the pre-tokenizer and the byte mapping. */
    static final List<String> TRICKY = List.of(
            "Rødgrød med fløde på Ærø og Åbenrå – ÆØÅ æøå!",
            "   tre mellemrum foran, og to bagved  ",
            "tabs\t\tog\nlinjeskift\n\n\nflere  \n  blandede",
            "Tal: 1234567890, 3,14159 og 2.500.000 kr.; 12:45; 1e-9; ½ ¾ ²",
            "Emoji: 😊👋🏽 👩‍👩‍👧 🇩🇰 ❤️ – og 🍕🍕🍕",
            "Hårdt mellemrum: 10\u00A0kr og ideografisk\u3000mellemrum og\u2009tyndt",
            "English contractions: don't, it's, I'll, we've, they're, I'm, she'd. DON'T",
            "Blandet skrift: 你好世界, Привет, Γειά σου, مرحبا, שלום",
            "Kode: if (x >= 10 && y != 0) { return a[i++] * 2; } // kommentar",
            "<s>Særlige tokens midt i teksten</s> og <pad> til sidst",
            "URL https://www.dr.dk/nyheder?id=42&lang=da#top og e-mail navn@eksempel.dk",
            "Styretegn:\u000Blodret tab\u000Csideskift\u0085NEL\u2028linje\u2029afsnit\u001Cfil\u200Bzwsp\uFEFFbom",
            "Kombinerede tegn: e\u0301 a\u030A og præcomponeret é å; tyrkisk İ ı; ﬁ-ligatur",
            "\"Citat\" og »citat« og „citat“ og 'citat'",
            "",
            " ",
            "\n",
            "ææææææææææææææææææææ øøøøøø ååå aaaaaaaaaaaaaaaa");
}
