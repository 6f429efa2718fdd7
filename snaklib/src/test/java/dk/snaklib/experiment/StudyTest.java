package dk.snaklib.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The study's steps 01-03 as artifacts on the bundled corpus at a 40-step test preset: corpus -> split -> tokenizer
 * -> base -> continued -> perplexity, each with lineage; asked again, nothing is recomputed.
 */
class StudyTest {
    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    static Preset testPreset() throws Exception {
        return Preset.load(Path.of(StudyTest.class.getResource("/presets/replay-test.yaml").toURI()));
    }

    @Test
    void theChainFromCorpusToPerplexityIsCachedWithLineage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Artifacts store = Artifacts.open(tmp.resolve("artifacts")).log(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Study study = Study.of(Project.at(PROJECT), store, testPreset());

        Perplexity ppl = study.perplexity();
        List<Artifact> all = store.list();
        assertEquals(List.of("base-pretraining", "continued-pretraining", "corpus", "danish-split", "perplexity", "tokenizer"),
                all.stream().map(Artifact::kind).toList());
        assertEquals(List.of(0L, 10L, 20L, 30L, 40L), ppl.steps(), "base at 0, then every continued checkpoint");
        assertEquals(5, ppl.sources().size());
        double base = ppl.at(0, "all");
        double cpt = ppl.at(40, "all");
        assertTrue(Double.isFinite(base) && Double.isFinite(cpt) && base > 1 && cpt > 1, base + " " + cpt);
        assertTrue(cpt < base, "40 Danish steps lower Danish perplexity of an English model: " + base + " -> " + cpt);

        PretrainedModel cptModel = study.continuedPretraining();
        assertEquals(40, cptModel.metrics().getLast().step());
        assertEquals(study.basePretraining().artifact().key(), cptModel.artifact().lineage().at("/inputs/base/key").asText());
        assertTrue(Files.isRegularFile(cptModel.finalCheckpoint().resolve("model.safetensors")));
        assertTrue(cptModel.finalValLoss() > 0);
        assertEquals(5, study.corpus().statistics().rowCount());

        String before = bytes.toString(StandardCharsets.UTF_8);
        long computedBefore = before.lines().filter(l -> l.contains(" computed in ")).count();
        assertEquals(6, computedBefore, before);
        Study.of(Project.at(PROJECT), Artifacts.open(tmp.resolve("artifacts")).log(new PrintStream(bytes, true, StandardCharsets.UTF_8)),
                testPreset()).perplexity();
        String after = bytes.toString(StandardCharsets.UTF_8).substring(before.length());
        assertFalse(after.contains(" computed in "), "a second run recomputes nothing: " + after);

        var rows = study.fertilityRows();
        assertEquals("en", rows.get(0).language());
        assertTrue(rows.get(1).tokensPerWord() > rows.get(0).tokensPerWord(), "an English BPE splits Danish more: " + rows);
    }
}
