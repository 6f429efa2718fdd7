package dk.snaklib.tune;

import java.util.List;

/**
 * PEFT's {@code target_modules}, in its three forms: a list of names (a module matches if its full name equals an
 * entry or ends with {@code "." + entry}), a regular expression (matched against the whole module name), or the
 * shorthand {@code "all-linear"} (every linear layer except the output layer, lm_head).
 *
 * @param names   the list form, or null
 * @param pattern the string form (a regex, or "all-linear" in any case), or null
 */
public record TargetModules(List<String> names, String pattern) {
    public static final String ALL_LINEAR = "all-linear";

    public TargetModules {
        if ((names == null) == (pattern == null)) {
            throw new IllegalArgumentException("target_modules is either a list of names or one string, not both or neither");
        }
        if (names != null) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("target_modules is an empty list: name at least one module");
            }
            names = List.copyOf(names);
        }
    }

    public static TargetModules of(String... names) {
        return new TargetModules(List.of(names), null);
    }

    public static TargetModules regex(String regex) {
        return new TargetModules(null, regex);
    }

    public static TargetModules allLinear() {
        return new TargetModules(null, ALL_LINEAR);
    }

    public boolean isAllLinear() {
        return pattern != null && pattern.equalsIgnoreCase(ALL_LINEAR);
    }

    @Override
    public String toString() {
        return names != null ? names.toString() : '"' + pattern + '"';
    }
}
