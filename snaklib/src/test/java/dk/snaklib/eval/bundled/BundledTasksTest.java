package dk.snaklib.eval.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dk.snaklib.corpus.HeldOutPartition;
import dk.snaklib.eval.BenchmarkData;
import dk.snaklib.eval.BundledTasks;
import dk.snaklib.eval.DanishTask;
import dk.snaklib.eval.Example;
import dk.snaklib.util.PythonRandom;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The committed bundled tasks: readable by the ScandEval reader, traceable, EVAL-only, apart from the instruction set. */
class BundledTasksTest {
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    static final Path EVAL = BundledTasks.dataDir(REPO);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTaskLoadsWithTheScandEvalReaderAndEveryRowIsTraceableToAnEvalUnit() {
        for (DanishTask task : BundledTasks.ALL) {
            BenchmarkData data = BenchmarkData.load(EVAL.resolve(task.name()), task);
            assertEquals(0, data.droppedTotal(), task.name());
            List<List<Example>> splits = List.of(data.train(), data.val(), data.test());
            List<Set<String>> units = splits.stream().map(s -> {
                Set<String> u = new HashSet<>();
                for (Example e : s) {
                    for (String f : List.of("package", "version", "path", "element", "unit", "licence")) {
                        assertTrue(e.has(f), task.name() + " row " + e.row() + " lacks " + f);
                    }
                    String unit = e.fields().get("unit").asText();
                    assertEquals(HeldOutPartition.Split.EVAL, HeldOutPartition.of(unit), task.name() + ": " + unit);
                    u.add(unit);
                }
                return u;
            }).toList();
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    Set<String> both = new HashSet<>(units.get(a));
                    both.retainAll(units.get(b));
                    assertTrue(both.isEmpty(), task.name() + ": splits " + a + " and " + b + " share units " + both);
                }
            }
            assertTrue(data.test().size() >= 64 && data.train().size() >= 32, task.name());
        }
    }

    @Test
    void noUnitOrSentenceIsSharedWithTheBundledInstructionSet() throws Exception {
        Set<String> instructionUnits = new HashSet<>();
        Set<String> instructionSentences = new HashSet<>();
        Path dir = REPO.resolve("data-catalog/bundled/instructions");
        for (String file : List.of("train.jsonl.zst", "held-out.jsonl.zst")) {
            try (var in = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(dir.resolve(file))),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode row = JSON.readTree(line);
                    instructionUnits.add(row.get("unit").asText());
                    for (String field : List.of("inputs", "targets")) {
                        row.get(field).asText().lines().forEach(l -> {
                            instructionSentences.add(l.strip());
                            instructionSentences.addAll(DanishSentences.split(l));
                        });
                    }
                }
            }
        }
        assertTrue(instructionSentences.size() > 20_000, "read the instruction set");
        int checked = 0;
        for (DanishTask task : BundledTasks.ALL) {
            for (String split : List.of("train", "val", "test")) {
                for (String line : Files.readAllLines(EVAL.resolve(task.name()).resolve(split + ".jsonl"))) {
                    JsonNode row = JSON.readTree(line);
                    assertFalse(instructionUnits.contains(row.get("unit").asText()), row.toString());
                    if (row.get("package").asText().equals("libreoffice-help-da")) {
                        String text = row.get("text").asText();
                        String source = text.contains("\nSvarmuligheder:") ? text.substring(0, text.indexOf('\n')) : text;
                        for (String para : source.split("\n")) {
                            for (String s : DanishSentences.split(para)) {
                                assertFalse(instructionSentences.contains(s), task.name() + ": '" + s + "' is in the instruction set");
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1000, "checked " + checked);
    }

    @Test
    void scalaCorruptionsFollowTheRules() {
        List<String> tokens = DanishSentences.acceptable("Du kan gemme dokumentet i en anden mappe.");
        assertNotNull(tokens);
        assertEquals("Du kan gemme dokumentet i en anden mappe.", DanishSentences.join(tokens));
        assertNull(DanishSentences.acceptable("Vælg Formater - Celler - Skrifttype."), "menu paths are not prose");
        assertNull(DanishSentences.acceptable("Klik på OK."), "five tokens or fewer");
        PythonRandom rng = new PythonRandom(1);
        for (int i = 0; i < 50; i++) {
            String deleted = ScalaCorruption.delete(tokens, rng);
            assertEquals(tokens.size() - 1, DanishSentences.tokens(deleted).size(), deleted);
            assertTrue(Character.isUpperCase(deleted.charAt(0)), deleted);
            String flipped = ScalaCorruption.flipNeighbours(tokens, rng);
            assertFalse(flipped.startsWith("Kan du"), "pronoun + auxiliary is never flipped: " + flipped);
            assertEquals(tokens.size(), DanishSentences.tokens(flipped).size(), flipped);
            assertFalse(flipped.equals(DanishSentences.join(tokens)), flipped);
        }
        assertNull(ScalaCorruption.delete(DanishSentences.tokens("Rød grøn blå gul lilla orange."), rng));
    }
}
