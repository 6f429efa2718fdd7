package dk.snaklib.model;

import ai.djl.ndarray.NDArray;

/**
 * Something that adds to a projection's output, consulted by {@link LlamaModel} for every linear layer: LoRA
 * adapters ({@code dk.snaklib.tune}) implement it. The model stays one piece of code with or without adapters.
 */
@FunctionalInterface
public interface LinearAdapter {
    /**
     * The extra output of module {@code module} (its Hugging Face module name, e.g. {@code model.layers.0.self_attn.q_proj}
     * or {@code lm_head}) for input {@code x} [..., in]: an array [..., out], or null when this module is not adapted.
     */
    NDArray delta(String module, NDArray x);
}
