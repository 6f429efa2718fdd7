package dk.snaklib.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.corpus.pipeline.LanguageFilter;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineFileTest {
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path tmp;

    @Test
    void bundledStudyPipelineResolvesThroughTheCatalog() {
        Catalog catalog = Catalog.load(REPO.resolve("data-catalog"));
        PipelineSpec spec = PipelineFile.load(REPO.resolve("data-catalog/pipelines/bundled-study.yaml"), catalog);
        assertEquals(5, spec.sources().size());
        assertEquals("bundled-da-libreoffice-help", spec.sources().get(0).name());
        assertTrue(Files.exists(spec.sources().get(0).inputs().get(0)));
        assertEquals(REPO.resolve("runs/corpus/bundled-study"), spec.outputDir());
        assertEquals(LanguageFilter.Mode.LINE, spec.language().mode());
        assertEquals(64, spec.minhash().numPerm());
        assertNull(spec.quality());
    }

    @Test
    void overridesAndErrorsNameTheFile() throws IOException {
        Path yaml = tmp.resolve("p.yaml");
        Files.writeString(yaml, """
                output: out
                policy: fail-fast
                language: false
                quality: true
                minhash: {permutations: 128}
                sources:
                  - {name: notes, format: lines, files: [a.txt]}
                """);
        PipelineSpec spec = PipelineFile.load(yaml, Catalog.load(tmp));
        assertEquals(ErrorPolicy.FAIL_FAST, spec.policy());
        assertNull(spec.language());
        assertEquals(50, spec.quality().minWords());
        assertEquals(128, spec.minhash().numPerm());
        assertEquals(0.85, spec.minhash().threshold());
        assertEquals(tmp.resolve("a.txt"), spec.sources().get(0).inputs().get(0));
        Files.writeString(yaml, "output: out\nsource: []\n");
        BadInputException e = assertThrows(BadInputException.class, () -> PipelineFile.load(yaml, Catalog.load(tmp)));
        assertTrue(e.getMessage().contains("p.yaml: unknown key \"source\""), e.getMessage());
    }
}
