package dk.snaklib.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.util.BadInputException;

import java.nio.file.Path;

/**
 * A Hugging Face model folder opened for use: the model and its tokenizer together, so that text goes in and
 * scores or continuations come out. {@code try (var m = HfModel.open(dir)) { m.score("Hej verden"); }}
 */
public record HfModel(LlamaModel model, HfTokenizer tokenizer) implements AutoCloseable {

    public static HfModel open(Path dir) {
        return open(dir, Device.cpu());
    }

    public static HfModel open(Path dir, Device device) {
        try (NDManager tmp = NDManager.newBaseManager(device, "PyTorch")) {
            HfCheckpoint c = HfCheckpoint.load(dir, tmp);
            if (c.tokenizerJson() == null) {
                throw new BadInputException(dir, "no tokenizer.json in the model folder");
            }
            LlamaModel model = LlamaModel.fromWeights(c.config(), c.weights(), device);
            return new HfModel(model, HfTokenizer.load(c.tokenizerJson()));
        }
    }

    /** Per-token log-probabilities of {@code text}, tokenized exactly as the folder's tokenizer.json does. */
    public TokenScorer.Scores score(String text) {
        long[] ids = tokenizer.encodeWithSpecialTokens(text);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the text has no tokens");
        }
        return TokenScorer.score(model, ids);
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
