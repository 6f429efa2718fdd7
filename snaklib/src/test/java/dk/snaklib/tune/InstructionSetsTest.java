package dk.snaklib.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.catalog.Catalog;
import dk.snaklib.corpus.BadRecord;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.util.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The study's three instruction sets through the committed catalog entries, on fixtures in their real columns. */
class InstructionSetsTest {
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    static final Catalog CATALOG = Catalog.load(REPO.resolve("data-catalog"));

    static Path fixtures() throws Exception {
        return Path.of(InstructionSetsTest.class.getResource("/instructions").toURI());
    }

    @Test
    void joinsTheSetsInTheStudysOrderWithItsFieldRules() throws Exception {
        ReadOptions options = ReadOptions.skipping("instructions");
        List<InstructionPair> pairs;
        try (Stream<InstructionPair> s = InstructionSets.study(CATALOG, fixtures(), options)) {
            pairs = s.toList();
        }
        assertEquals(List.of("Du er en hjælpsom assistent. Hvad er 2 + 2?", " Nævn en dansk ø.", "Svar kort. Hvilken farve har himlen?",
                "Oversæt til engelsk. Hej verden", "Skriv et haiku om efterår. ",
                "Hvad er hovedstaden i Norge?", "Fortsæt sætningen: Det regner", "Hvad er 3 gange 3?", "Hvad er 5 gange 5?",
                "Hvad hedder du?", "Hvad er dit navn?", "Hvad er du?", "What's your name?", "What are you?",
                "Hvem har lavet dig?", "Who made you?"), pairs.stream().map(InstructionPair::inputs).toList());
        assertEquals(List.of("Det er 4.", "Fyn.", "Blå.", "Hello world", "Blade falder ned", "Oslo.", "i dag.", "9.", "25."),
                pairs.subList(0, 9).stream().map(InstructionPair::targets).toList());
        assertEquals(List.of("skolegpt-instruct", "danish-openhermes", "aya-danish", "snakmodel-extras"),
                pairs.stream().map(InstructionPair::source).distinct().toList());
        assertEquals("skolegpt-instruct:train-00000-of-00001.parquet:row 2", pairs.get(1).id());
        assertEquals("t0.2", pairs.get(1).meta().get("id"));
        assertEquals("101", pairs.get(5).meta().get("id"));
        assertEquals("aya-danish:train-extra.jsonl:line 4", pairs.get(8).id());
        assertEquals("question-answering", pairs.get(7).meta().get("task_type"));

        // bad rows: counted and kept aside with file and row, in reading order
        List<BadRecord> bad = options.log().badRecords();
        assertEquals(5, options.log().badCount());
        assertEquals(List.of("row 4", "row 5", "row 3", "line 2", "line 3"), bad.stream().map(BadRecord::where).toList());
        assertTrue(bad.get(0).problem().startsWith("field \"response\" missing"), bad.get(0).problem());
        assertEquals("empty answer (field \"response\")", bad.get(1).problem());
        assertEquals("empty answer (field \"outputs\")", bad.get(2).problem());
        assertTrue(bad.get(3).problem().startsWith("field \"targets\" missing"), bad.get(3).problem());
        assertTrue(bad.get(4).problem().startsWith("broken JSON"), bad.get(4).problem());
        assertTrue(bad.get(0).file().toString().endsWith("skolegpt-instruct/data/train-00000-of-00001.parquet"));
        assertEquals(16, options.log().documents() + 7);
    }

    @Test
    void failFastNamesFileRowAndField() throws Exception {
        var e = assertThrows(BadInputException.class, () -> {
            try (var s = InstructionSets.read(CATALOG, "skolegpt-instruct", fixtures(), ReadOptions.failFast("x"))) {
                s.forEach(p -> { });
            }
        });
        assertTrue(e.getMessage().endsWith("train-00000-of-00001.parquet: row 4: field \"response\" missing; format "
                + "skolegpt-instruct needs [system_prompt, question, response]"), e.getMessage());
    }

    @Test
    void aFileWithoutTheFormatsColumnsIsRefusedWhole() throws Exception {
        Path bad = fixtures().resolve("bad/no-targets.parquet");
        var e = assertThrows(BadInputException.class,
                () -> InstructionReader.read(InstructionFormat.AYA, bad, ReadOptions.failFast("aya")).toList());
        assertTrue(e.getMessage().contains("expected a string column \"targets\""), e.getMessage());
        ReadOptions skip = ReadOptions.skipping("aya");
        assertEquals(0, InstructionReader.read(InstructionFormat.AYA, bad, skip).count());
        assertEquals("file", skip.log().badRecords().get(0).where());
    }

    @Test
    void missingDownloadsSayWhereToGetThem() {
        var e = assertThrows(BadInputException.class, () -> InstructionSets.study(CATALOG, REPO.resolve("docs"), ReadOptions.skipping("x")));
        assertTrue(e.getMessage().contains("no files of catalog entry \"skolegpt-instruct\""), e.getMessage());
        assertTrue(e.getMessage().contains("https://huggingface.co/datasets/kobprof/skolegpt-instruct"), e.getMessage());
    }
}
