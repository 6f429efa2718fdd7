package dk.snaklib.corpus.pipeline;

import static dk.snaklib.corpus.pipeline.Collect.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.snaklib.corpus.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyRulesTest {
    @Test
    void appliesEachSourcesRule() {
        Collect c = Collect.run(new StudyRules(true), List.of(
                doc("n1", "danewsroom", "[deleted]"),
                doc("n2", "danewsroom", "ok"),
                doc("n3", "danewsroom", "En rigtig artikel."),
                doc("r1", "reddit", "[removed]"),
                doc("t1", "twitter", "Godt nytår\nalle"),
                doc("g1", "gigaword", "Lov om hunde.\nok\nHunde skal føres i snor."),
                doc("w1", "dawiki", "Aarhus er en by.\nHistorie")));
        assertEquals(List.of("deleted/removed placeholder", "shorter than 3 chars", "deleted/removed placeholder",
                "line shorter than 3 chars"), c.reasons);
        assertEquals(List.of("n3", "t1", "g1#1", "g1#3", "w1#1", "w1#2"), c.kept.stream().map(Document::id).toList());
        assertEquals("Godt nytår alle", c.kept.get(1).text());
    }

    @Test
    void keepsDocumentsWholeWithoutLineMode() {
        Collect c = Collect.run(new StudyRules(false), List.of(doc("w1", "dawiki", "a b c\nd e f")));
        assertEquals("a b c\nd e f", c.kept.get(0).text());
    }
}
