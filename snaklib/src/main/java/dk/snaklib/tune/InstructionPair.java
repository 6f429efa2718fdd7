package dk.snaklib.tune;

import java.util.Map;

/**
 * One instruction pair in the study's fields ({@code inputs} -> {@code targets}, STUDY.md A2).
 *
 * @param id      where it came from, e.g. {@code skolegpt-instruct:train-00000-of-00001.parquet:row 17}
 * @param source  the instruction set's catalog name
 * @param inputs  the prompt (for SkoleGPT: {@code system_prompt + ' ' + question})
 * @param targets the answer
 * @param meta    provenance and other scalar fields (for the bundled set: package, version, path, kind, ...)
 */
public record InstructionPair(String id, String source, String inputs, String targets, Map<String, String> meta) {
    public InstructionPair {
        meta = Map.copyOf(meta);
    }

    public InstructionPair(String id, String source, String inputs, String targets) {
        this(id, source, inputs, targets, Map.of());
    }
}
