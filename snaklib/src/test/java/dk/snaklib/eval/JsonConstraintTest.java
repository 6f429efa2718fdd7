package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.model.HfModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** v13's NER schema as a prefix constraint, and a random model's constrained output always inside it. */
class JsonConstraintTest {
    @TempDir
    Path tmp;

    @Test
    void acceptsExactlyTheSchemasPrefixes() {
        JsonConstraint c = JsonConstraint.NER;
        String full = "{\"person\": [\"Mette\"], \"sted\": [], \"organisation\": [\"DR\", \"TV 2\"], \"diverse\": []}";
        assertTrue(c.complete(full));
        assertTrue(c.complete("{\"person\":[],\"sted\":[],\"organisation\":[],\"diverse\":[]}"), "whitespace is optional");
        for (int i = 0; i < full.length(); i++) {
            assertTrue(c.allowed(full.substring(0, i)), "prefix " + full.substring(0, i));
            assertFalse(c.complete(full.substring(0, i)));
        }
        assertFalse(c.allowed("{\"sted\""), "keys in v13's order");
        assertFalse(c.allowed("{  \"person\""), "at most one space (whitespace_pattern ' ?')");
        assertFalse(c.allowed("{\"person\": [1"), "lists of strings only");
        assertFalse(c.allowed("{\"person\": [\"a\nb"), "no control characters in strings");
        assertTrue(c.allowed("{\"person\": [\"a\\\"b"), "escaped quote");
        assertTrue(c.complete("{\"person\": [\"a\", \"b\", \"c\", \"d\", \"e\"], \"sted\": [], \"organisation\": [], \"diverse\": []}"));
        assertFalse(c.allowed("{\"person\": [\"a\", \"b\", \"c\", \"d\", \"e\", "), "at most five per list");
        assertFalse(c.allowed(full + " "), "nothing after the object");
    }

    @Test
    void constrainedGenerationFromARandomModelStaysInTheSchemaAndParses() throws Exception {
        Path tok = TinyEvalModels.tokenizer(tmp, 300);
        Path dir = TinyEvalModels.model(tmp.resolve("m"), tok, 300, 2048, 5);
        try (HfModel model = HfModel.open(dir); ModelRunner runner = new ModelRunner(model.model(), model.tokenizer())) {
            for (String prompt : List.of("Sætning: Mette bor i Aalborg\nNavngivne enheder: ", "Sætning: DR sender\nNavngivne enheder: ")) {
                String out = runner.generate(prompt, 128, JsonConstraint.NER);
                assertTrue(JsonConstraint.NER.allowed(out), out);
                String unconstrained = runner.generate(prompt, 20);
                assertFalse(JsonConstraint.NER.allowed(unconstrained), "a random model does not write the schema by itself: " + unconstrained);
                if (JsonConstraint.NER.complete(out)) {
                    assertTrue(NerParser.parse(out, List.of("Mette", "bor"), DanishTasks.DANSK).parseable(), out);
                }
            }
            String forced = runner.generate("x", 200, JsonConstraint.NER);
            assertTrue(JsonConstraint.NER.allowed(forced), forced);
            assertEquals('{', forced.charAt(0));
        }
    }
}
