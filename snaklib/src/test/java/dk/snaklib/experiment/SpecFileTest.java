package dk.snaklib.experiment;

import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Experiment specs are read strictly: each mistake names the file, the key and what was expected. */
class SpecFileTest {
    @TempDir
    Path tmp;

    private Path write(String name, String yaml) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static final String BASE = """
            english_sources: [bundled-en-manpages]
            tokenizer: {min_frequency: 2}
            overrides: {tiny: {steps: 10}}
            fertility: {english_sources: [a], danish_sources: [b], documents_per_source: 5}
            """;

    @Test
    void theProjectsOwnSpecsRead() {
        Path nb = StudyTest.PROJECT.resolve("notebooks");
        assertTrue(CorpusSpec.read(nb.resolve(CorpusSpec.FILE)).pipeline().endsWith("bundled-study.yaml"));
        assertEquals(5, BaseModelSpec.read(nb.resolve(BaseModelSpec.FILE)).englishSources().size());
        var cpt = ContinuedPretrainingSpec.read(nb.resolve(ContinuedPretrainingSpec.FILE));
        assertEquals(0, cpt.overrides().get("tiny").get("keep_checkpoints"));
        assertEquals(200, PresetOverrides.apply(cpt.overrides(), Preset.TINY, nb).train().steps());
        var div = WeightDivergenceSpec.read(nb.resolve(WeightDivergenceSpec.FILE));
        assertEquals(20, div.topK());
        assertEquals(4, div.tuned().every("tiny"));
        assertEquals(1, div.tuned().every("paper"), "a preset not named tunes every checkpoint");
    }

    @Test
    void aBadDivergenceSpecNamesItsFileAndKey() throws Exception {
        String tuned = "tuned: {template: chat, every_by_preset: {tiny: 4}}\n";
        Path f = write("07.yaml", "top_k: -1\nthreads: 2\n" + tuned);
        var e = assertThrows(BadInputException.class, () -> WeightDivergenceSpec.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("top_k"), e.getMessage());
        Path unknown = write("07b.yaml", "top_k: 20\nthreads: 2\ntopk: 3\n" + tuned);
        assertThrows(BadInputException.class, () -> WeightDivergenceSpec.read(unknown));
        Path negative = write("07c.yaml", "top_k: 20\nthreads: 2\ntuned: {template: chat, every_by_preset: {tiny: 0}}\n");
        var e2 = assertThrows(BadInputException.class, () -> WeightDivergenceSpec.read(negative));
        assertTrue(e2.getMessage().contains("tuned.every_by_preset.tiny"), e2.getMessage());
        Path missing = write("07d.yaml", "top_k: 20\nthreads: 2\n");
        assertTrue(assertThrows(BadInputException.class, () -> WeightDivergenceSpec.read(missing)).getMessage().contains("tuned"));
    }

    @Test
    void aWellFormedSpecReads() throws Exception {
        BaseModelSpec s = BaseModelSpec.read(write("02.yaml", BASE));
        assertEquals(2, s.tokenizer().minFrequency());
        assertEquals(10, PresetOverrides.apply(s.overrides(), Preset.TINY, tmp).train().steps());
        assertSame(Preset.SMALL, PresetOverrides.apply(s.overrides(), Preset.SMALL, tmp), "a preset it does not name is used as it is");
    }

    @Test
    void anUnknownKeyIsRefusedNamingItTheFileAndTheKnownKeys() throws Exception {
        Path f = write("02.yaml", BASE.replace("tokenizer: {min_frequency: 2}", "tokenizer: {min_frequency: 2, vocab: 99}"));
        var e = assertThrows(BadInputException.class, () -> BaseModelSpec.read(f));
        assertEquals(f + ": unknown key \"tokenizer.vocab\" (known here: [min_frequency])", e.getMessage());
        assertEquals(f, e.file());

        Path top = write("01.yaml", "pipeline: x.yaml\npipelines: y.yaml\n");
        var e2 = assertThrows(BadInputException.class, () -> CorpusSpec.read(top));
        assertEquals(top + ": unknown key \"pipelines\" (known here: [pipeline])", e2.getMessage());
    }

    @Test
    void aWrongTypeIsRefusedNamingTheKeyTheFileAndTheExpectedType() throws Exception {
        Path f = write("02.yaml", BASE.replace("documents_per_source: 5", "documents_per_source: many"));
        var e = assertThrows(BadInputException.class, () -> BaseModelSpec.read(f));
        assertTrue(e.getMessage().startsWith(f + ": key \"fertility.documents_per_source\": expected an integer"), e.getMessage());

        Path dec = write("02b.yaml", BASE.replace("min_frequency: 2", "min_frequency: 2.5"));
        var e2 = assertThrows(BadInputException.class, () -> BaseModelSpec.read(dec));
        assertTrue(e2.getMessage().startsWith(dec + ": key \"tokenizer.min_frequency\": expected an integer"), e2.getMessage());

        Path list = write("02c.yaml", BASE.replace("english_sources: [bundled-en-manpages]", "english_sources: bundled-en-manpages"));
        var e3 = assertThrows(BadInputException.class, () -> BaseModelSpec.read(list));
        assertTrue(e3.getMessage().startsWith(list + ": key \"english_sources\": expected a list"), e3.getMessage());

        Path weights = write("03.yaml", """
                mixture: {weights: {manpages: lots}, token_budgets: {}}
                overrides: {}
                held_out: {documents_per_source: 5, max_tokens: 64}
                """);
        var e4 = assertThrows(BadInputException.class, () -> ContinuedPretrainingSpec.read(weights));
        assertTrue(e4.getMessage().startsWith(weights + ": key \"mixture.weights.manpages\": expected a number"), e4.getMessage());

        Path str = write("01.yaml", "pipeline: 3\n");
        var e5 = assertThrows(BadInputException.class, () -> CorpusSpec.read(str));
        assertTrue(e5.getMessage().startsWith(str + ": key \"pipeline\": expected a string"), e5.getMessage());
    }

    @Test
    void aMissingKeyABadOverrideAndARecordsOwnCheckAreNamedToo() throws Exception {
        Path missing = write("02.yaml", BASE.replace("tokenizer: {min_frequency: 2}\n", ""));
        var e = assertThrows(BadInputException.class, () -> BaseModelSpec.read(missing));
        assertEquals(missing + ": key \"tokenizer\" missing", e.getMessage());

        Path override = write("02b.yaml", BASE.replace("steps: 10", "stepz: 10"));
        var e2 = assertThrows(BadInputException.class, () -> BaseModelSpec.read(override));
        assertTrue(e2.getMessage().startsWith(override + ": key \"overrides.tiny\": unknown preset setting \"stepz\""), e2.getMessage());

        Path range = write("02c.yaml", BASE.replace("min_frequency: 2", "min_frequency: 0"));
        var e3 = assertThrows(BadInputException.class, () -> BaseModelSpec.read(range));
        assertEquals(range + ": key \"tokenizer.min_frequency\": must be >= 1, got 0", e3.getMessage());

        Path notYaml = write("bad.yaml", "pipeline: [unclosed\n");
        assertTrue(assertThrows(BadInputException.class, () -> CorpusSpec.read(notYaml)).getMessage().startsWith(notYaml + ": not valid YAML"));
    }
}
