package dk.snaklib.tune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one instruction set's rows become {@link InstructionPair}s, as the study's {@code setup_datasets()} does it:
 * the input fields joined by one space, the target field as the answer. Read from Parquet or JSON lines
 * ({@link InstructionReader}). The format name is what a data-catalog entry's {@code format} says.
 *
 * @param name        format name in the catalog
 * @param inputFields fields joined with ' ' into {@code inputs} (each must be present; it may be "")
 * @param targetField the answer's field (present and not blank)
 * @param idField     a field holding the row's own id (kept in meta as {@code id}), or null
 */
public record InstructionFormat(String name, List<String> inputFields, String targetField, String idField) {
    /** SkoleGPT-instruct: {@code system_prompt + ' ' + question -> response}. */
    public static final InstructionFormat SKOLEGPT = new InstructionFormat("skolegpt-instruct",
            List.of("system_prompt", "question"), "response", "id");
    /** danish-OpenHermes: {@code instructions + ' ' + inputs -> outputs}. */
    public static final InstructionFormat OPENHERMES = new InstructionFormat("danish-openhermes",
            List.of("instructions", "inputs"), "outputs", null);
    /** Aya collection, language split: {@code inputs -> targets}. */
    public static final InstructionFormat AYA = new InstructionFormat("aya", List.of("inputs"), "targets", "id");
    /** Our own JSON lines of {@code inputs -> targets} (the bundled set), every other scalar field kept as meta. */
    public static final InstructionFormat PAIRS = new InstructionFormat("instruction-pairs", List.of("inputs"), "targets", "id");

    private static final Map<String, InstructionFormat> BY_NAME = new LinkedHashMap<>();

    static {
        for (InstructionFormat f : List.of(SKOLEGPT, OPENHERMES, AYA, PAIRS)) {
            BY_NAME.put(f.name, f);
        }
    }

    public InstructionFormat {
        inputFields = List.copyOf(inputFields);
    }

    public static InstructionFormat forName(String name) {
        InstructionFormat f = BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown instruction format \"" + name + "\"; known: " + BY_NAME.keySet());
        }
        return f;
    }

    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }

    /** Every field a row must have. */
    public List<String> requiredFields() {
        List<String> out = new java.util.ArrayList<>(inputFields);
        out.add(targetField);
        return out;
    }
}
