package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prompt built for each of the eight datasets equals, character for character, the one make_prompt_golden.py
 * wrote from the documented templates and draws (seed 4242: numpy permutation, label cycling, random.shuffle).
 */
class PromptGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = PromptGoldenTest.class.getResourceAsStream("/golden/eval/prompts.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyTaskPromptMatchesTheFixture() {
        assertEquals(8, golden.size());
        for (DanishTask task : DanishTasks.ALL) {
            JsonNode c = golden.get(task.name());
            List<Example> train = new ArrayList<>();
            for (JsonNode row : c.get("train")) {
                train.add(new Example(train.size(), (ObjectNode) row));
            }
            List<Example> shots = FewShotSampler.draw(task, train, 4242);
            assertEquals(task.shots(), shots.size(), task.name());
            String prompt = PromptBuilder.prompt(task, shots, new Example(0, (ObjectNode) c.get("query")));
            assertEquals(c.get("prompt").asText(), prompt, task.name());
        }
    }

    @Test
    void citizenTestsSkipTheMissingLabelAndTooFewRowsIsAnError() {
        JsonNode c = golden.get("danish-citizen-tests");
        List<Example> train = new ArrayList<>();
        for (JsonNode row : c.get("train")) {
            train.add(new Example(train.size(), (ObjectNode) row));
        }
        List<Example> shots = FewShotSampler.draw(DanishTasks.DANISH_CITIZEN_TESTS, train, 4243);
        assertEquals(5, shots.size());
        var err = assertThrows(IllegalArgumentException.class,
                () -> FewShotSampler.draw(DanishTasks.SCALA_DA, train.subList(0, 3), 4242));
        assertEquals(true, err.getMessage().contains("loop forever"), err.getMessage());
    }

    @Test
    void nerLabelJsonEscapesAsPython() {
        ObjectNode row = new ObjectMapper().createObjectNode();
        row.putArray("tokens").add("\"Ø\\").add("x");
        row.putArray("labels").add("B-PER").add("I-PER");
        assertEquals("{\"person\": [\"\\\"Ø\\\\ x\"], \"sted\": [], \"organisation\": [], \"diverse\": []}",
                PromptBuilder.nerLabel(DanishTasks.DANSK, new Example(0, row)));
        row.putArray("labels").add("I-PER").add("O");
        assertThrows(IllegalArgumentException.class, () -> PromptBuilder.nerLabel(DanishTasks.DANSK, new Example(0, row)));
    }
}
