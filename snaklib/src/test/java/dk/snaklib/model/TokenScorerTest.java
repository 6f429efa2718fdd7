package dk.snaklib.model;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-token log-probabilities against log-softmax of the reference implementation's logits. */
class TokenScorerTest {
    @Test
    void logProbsMatchReferenceLogits() throws Exception {
        Path dir = LlamaGoldenTest.caseDir("gqa-untied");
        long[] ids = LlamaGoldenTest.inputIds(dir)[0];                       // 9 tokens
        int vocab = LlamaConfig.read(dir.resolve("config.json")).vocabSize();
        try (LlamaModel model = LlamaGoldenTest.load(dir);
             SafeTensorsFile expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"))) {
            float[] logits = expected.readFloats("logits");                  // [2, 8, vocab]: row 0 first
            TokenScorer.Scores s = TokenScorer.score(model, ids);
            assertTrue(Double.isNaN(s.logProbs()[0]));
            double nll = 0;
            for (int i = 1; i < ids.length; i++) {
                int row = (i - 1) * vocab;                                   // logits at position i-1 predict ids[i]
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) {
                    max = Math.max(max, logits[row + v]);
                }
                double sum = 0;
                for (int v = 0; v < vocab; v++) {
                    sum += Math.exp(logits[row + v] - max);
                }
                double reference = logits[row + (int) ids[i]] - max - Math.log(sum);
                assertEquals(reference, s.logProbs()[i], 1e-4, "log p(ids[" + i + "])");
                nll -= reference;
            }
            nll /= ids.length - 1;
            assertEquals(nll, s.nll(), 1e-4);
            assertEquals(Math.exp(nll), s.perplexity(), 1e-3 * Math.exp(nll));
        }
    }
}
