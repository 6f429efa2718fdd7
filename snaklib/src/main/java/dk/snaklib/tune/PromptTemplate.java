package dk.snaklib.tune;

import dk.snaklib.util.BadInputException;
import java.util.List;
import java.util.Locale;

/**
 * How an instruction pair becomes training text: a pattern with one {@code {inputs}} and one {@code {targets}}
 * slot, filled in one pass (so a value that itself contains "{targets}" is left alone, as Python's f-strings do).
 * The four named templates are the study's ({@code finetune/instructions.py}, STUDY.md A2); none adds EOS.
 *
 * <pre>{@code
 * PromptTemplate.CHAT.format("Hvad er 2+2?", "4").text()   // "[INST] Hvad er 2+2? [/INST] 4"
 * PromptTemplate.of("Spørgsmål: {inputs}\nSvar: {targets}")
 * }</pre>
 */
public final class PromptTemplate {
    public static final String INPUTS = "{inputs}";
    public static final String TARGETS = "{targets}";

    /** The fixed Danish sentence under the study's {@code ### Instruktion:} header. */
    static final String ALPACA_HEADER = "### Instruktion:\nNedenfor er en kombination af instruktioner, der beskriver "
            + "opgaven og input med kontekst. Skriv et svar, der på passende vis opfylder kravene.\n\n";

    /** The study's default, {@code concatenated}: inputs, a space, targets. */
    public static final PromptTemplate CONCAT = new PromptTemplate("concatenated", INPUTS + " " + TARGETS);
    /** {@code chat}: the released SnakModel-instruct's format. */
    public static final PromptTemplate CHAT = new PromptTemplate("chat", "[INST] " + INPUTS + " [/INST] " + TARGETS);
    /** {@code alpaca} as intended: the prompt under {@code ### Input:}, the answer under {@code ### Svar:}. */
    public static final PromptTemplate ALPACA = new PromptTemplate("alpaca",
            ALPACA_HEADER + "### Input:\n" + INPUTS + "\n\n### Svar:\n" + TARGETS);
    /**
     * {@code alpaca} exactly as the released code formats it: the fields are swapped, so the answer sits under
     * {@code ### Input:} and the prompt under {@code ### Svar:}. For replaying the study's ablation as it ran.
     */
    public static final PromptTemplate ALPACA_AS_RELEASED = new PromptTemplate("alpaca-as-released",
            ALPACA_HEADER + "### Input:\n" + TARGETS + "\n\n### Svar:\n" + INPUTS);

    /** The named templates, in the study's order. */
    public static final List<PromptTemplate> NAMED = List.of(CONCAT, CHAT, ALPACA, ALPACA_AS_RELEASED);

    private final String name;
    private final String pattern;
    private final int inputsAt;
    private final int targetsAt;

    private PromptTemplate(String name, String pattern) {
        this.name = name;
        this.pattern = pattern;
        this.inputsAt = pattern.indexOf(INPUTS);
        this.targetsAt = pattern.indexOf(TARGETS);
    }

    /**
     * A user template from a pattern holding {@code {inputs}} and {@code {targets}} exactly once each; every other
     * character is literal. Refuses a pattern missing either slot (or repeating one), naming the slot.
     */
    public static PromptTemplate of(String pattern) {
        for (String slot : List.of(INPUTS, TARGETS)) {
            int first = pattern.indexOf(slot);
            if (first < 0) {
                throw new BadInputException(null, "prompt template \"" + pattern + "\" has no " + slot
                        + " slot; a template needs both " + INPUTS + " and " + TARGETS);
            }
            if (pattern.indexOf(slot, first + 1) >= 0) {
                throw new BadInputException(null, "prompt template \"" + pattern + "\" has " + slot
                        + " more than once; each slot must appear exactly once");
            }
        }
        return new PromptTemplate("custom", pattern);
    }

    /**
     * A named template ({@code concatenated} or {@code concat}, {@code chat}, {@code alpaca},
     * {@code alpaca-as-released}), else the argument read as a pattern if it holds a slot.
     */
    public static PromptTemplate named(String nameOrPattern) {
        String n = nameOrPattern.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.equals("concat")) {
            return CONCAT;
        }
        for (PromptTemplate t : NAMED) {
            if (t.name.equals(n)) {
                return t;
            }
        }
        if (nameOrPattern.contains(INPUTS) || nameOrPattern.contains(TARGETS)) {
            return of(nameOrPattern);
        }
        throw new IllegalArgumentException("unknown prompt template \"" + nameOrPattern + "\"; known: "
                + NAMED.stream().map(PromptTemplate::name).toList() + ", or a pattern with " + INPUTS + " and " + TARGETS);
    }

    public String name() {
        return name;
    }

    public String pattern() {
        return pattern;
    }

    /** The training text for one pair, with the answer's place in it. */
    public FormattedExample format(String inputs, String targets) {
        boolean inputsFirst = inputsAt < targetsAt;
        int firstAt = inputsFirst ? inputsAt : targetsAt;
        int secondAt = inputsFirst ? targetsAt : inputsAt;
        String first = inputsFirst ? inputs : targets;
        String second = inputsFirst ? targets : inputs;
        int firstSlot = inputsFirst ? INPUTS.length() : TARGETS.length();
        int secondSlot = inputsFirst ? TARGETS.length() : INPUTS.length();
        StringBuilder sb = new StringBuilder(pattern.length() + inputs.length() + targets.length());
        sb.append(pattern, 0, firstAt).append(first);
        sb.append(pattern, firstAt + firstSlot, secondAt);
        int secondStart = sb.length();
        sb.append(second).append(pattern, secondAt + secondSlot, pattern.length());
        int answerStart = inputsFirst ? secondStart : firstAt;
        return new FormattedExample(sb.toString(), answerStart, answerStart + targets.length());
    }

    /** The training text for one pair. */
    public FormattedExample format(InstructionPair pair) {
        return format(pair.inputs(), pair.targets());
    }

    @Override
    public String toString() {
        return name + ": " + pattern.replace("\n", "\\n");
    }
}
