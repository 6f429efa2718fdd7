package dk.snaklib.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path tmp;

    @Test
    void theCommittedCatalogHasEveryDatasetTheStudyNeeds() {
        Catalog c = Catalog.load(REPO.resolve("data-catalog"));
        assertEquals(10, c.byKind("pretraining-source").size());
        assertEquals(5, c.byKind("instruction-set").size()); // the study's three + the bundled set's two splits
        assertEquals(13, c.byKind("benchmark").size());   // the study's eight + five bundled tasks
        assertEquals(8, c.byKind("benchmark").stream().filter(e -> e.study()).count());
        assertEquals(5, c.byKind("bundled-source").size());
        assertEquals(5, c.byKind("base-source").size());
        assertTrue(c.table().contains("cc100"));
        String show = c.describe("scala-da");
        assertTrue(show.contains("few_shot:   12") && show.contains("task_id:    LA"), show);
        assertTrue(c.describe("danewsroom").contains("drop texts shorter than 3 chars"));
    }

    @Test
    void bundledEntriesResolveToReadableSources() {
        Catalog c = Catalog.load(REPO.resolve("data-catalog"));
        PipelineSpec.Source s = c.source("bundled-da-manpages", REPO);
        assertEquals("jsonl", s.format());
        assertTrue(Files.exists(s.inputs().get(0)));
        BadInputException missing = assertThrows(BadInputException.class, () -> c.source("cc100", tmp));
        assertTrue(missing.getMessage().contains("get them from: https://data.statmt.org/cc-100/"), missing.getMessage());
    }

    @Test
    void badEntriesNameTheFileAndField() throws IOException {
        Files.createDirectories(tmp.resolve("sources"));
        Files.writeString(tmp.resolve("sources/x.yaml"), "name: x\nkind: pretraining-source\nlanguage: da\nformat: jsonl\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Catalog.load(tmp));
        assertTrue(e.getMessage().endsWith("x.yaml: field \"licence\" missing"), e.getMessage());
        Files.writeString(tmp.resolve("sources/x.yaml"), "name: [unclosed\n");
        assertTrue(assertThrows(BadInputException.class, () -> Catalog.load(tmp)).getMessage().contains("not valid YAML"));
    }
}
