package dk.snaklib.cli;

import dk.snaklib.model.LlamaModel;
import dk.snaklib.tune.PeftAdapterFiles;

import java.nio.file.Path;

/** The {@code --adapter DIR} flag shared by commands that run a model: a PEFT LoRA folder over the base. */
final class Adapters {
    private Adapters() {}

    /** Loads and attaches the adapter in {@code dir} (nothing when null); its notes go to stderr. Freed with the model. */
    static void attach(Path dir, LlamaModel model) {
        if (dir == null) {
            return;
        }
        PeftAdapterFiles.Loaded loaded = PeftAdapterFiles.load(dir, model);
        loaded.notes().forEach(System.err::println);
        loaded.adapter().attach();
    }
}
