package dk.snaklib.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a notebook found, stated as measured: a sentence plus its key numbers, each checked to be finite and within a
 * sane range as it is added (a number outside fails the cell, and with it the replay), and each tied to the artifact
 * it was computed from so the report links it to its lineage. A notebook's last cell returns one:
 * <pre>{@code
 * Finding.stated("Danish continued pre-training lowered held-out Danish perplexity from %.1f to %.1f", base, cpt)
 *        .number("Danish perplexity, base", base, 1, 1e5, perplexity.artifact())
 *        .number("Danish perplexity, continued", cpt, 1, 1e5, perplexity.artifact())
 * }</pre>
 */
public final class Finding {
    /** One number: its name, value, the range it was checked against, and the artifact it came from (null: computed in the notebook). */
    public record Number(String name, double value, double min, double max, String artifactKind, String artifactKey) {}

    private final String statement;
    private final List<Number> numbers = new ArrayList<>();

    private Finding(String statement) {
        this.statement = statement;
    }

    /** The statement, formatted like {@link String#format} (Locale.ROOT). */
    public static Finding stated(String format, Object... args) {
        return new Finding(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    }

    /** Adds a number read from or computed on {@code from}; fails unless it is finite and in [min, max]. */
    public Finding number(String name, double value, double min, double max, Artifact from) {
        if (!Double.isFinite(value)) {
            throw new AssertionError("finding \"" + name + "\" is not a finite number: " + value);
        }
        if (value < min || value > max) {
            throw new AssertionError("finding \"" + name + "\" = " + value + " is outside its sane range [" + min + ", " + max + "]");
        }
        numbers.add(new Number(name, value, min, max, from == null ? null : from.kind(), from == null ? null : from.key()));
        return this;
    }

    /** Adds a number computed in the notebook from no stored artifact. */
    public Finding number(String name, double value, double min, double max) {
        return number(name, value, min, max, null);
    }

    public String statement() {
        return statement;
    }

    public List<Number> numbers() {
        return List.copyOf(numbers);
    }

    /** The finding as plain data (statement, numbers with their artifacts), as the notebook stores it for the report. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statement", statement);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Number n : numbers) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", n.name());
            o.put("value", n.value());
            o.put("min", n.min());
            o.put("max", n.max());
            if (n.artifactKey() != null) {
                o.put("artifact_kind", n.artifactKind());
                o.put("artifact_key", n.artifactKey());
            }
            list.add(o);
        }
        m.put("numbers", list);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Finding: ").append(statement);
        for (Number n : numbers) {
            sb.append(String.format(Locale.ROOT, "%n  %s = %s", n.name(), format(n.value())));
            if (n.artifactKey() != null) {
                sb.append("  (").append(n.artifactKind()).append('/').append(n.artifactKey(), 0, 12).append(')');
            }
        }
        return sb.toString();
    }

    /** Four significant digits, as the report shows a number. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
