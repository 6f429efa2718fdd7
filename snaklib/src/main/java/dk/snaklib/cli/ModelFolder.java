package dk.snaklib.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.util.BadInputException;

import java.nio.file.Path;

/** A Hugging Face model folder opened for scoring or generation: the model and its tokenizer. */
record ModelFolder(LlamaModel model, HfTokenizer tokenizer) implements AutoCloseable {

    static ModelFolder open(Path dir, Device device) {
        LlamaModel model;
        try (NDManager tmp = NDManager.newBaseManager(device, "PyTorch")) {
            HfCheckpoint c = HfCheckpoint.load(dir, tmp);
            if (c.tokenizerJson() == null) {
                throw new BadInputException(dir, "no tokenizer.json in the model folder");
            }
            model = LlamaModel.fromWeights(c.config(), c.weights(), device);
            return new ModelFolder(model, HfTokenizer.load(c.tokenizerJson()));
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
