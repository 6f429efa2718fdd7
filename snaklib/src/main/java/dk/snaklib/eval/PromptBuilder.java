package dk.snaklib.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * v13's {@code _apply_few_shot_prompt}: prefix, blank line, the shots joined by blank lines, blank line, the query
 * (the template with an empty label). Text cleaning per task as v13 does it. The whole-prompt strip depends on the
 * tokenizer and is applied by {@link LabelTokens#prepare}.
 */
public final class PromptBuilder {
    private PromptBuilder() {}

    /** The few-shot part: prefix + "\n\n" + shots joined by "\n\n" (no trailing separator). */
    public static String fewShotPart(DanishTask task, List<Example> shots) {
        List<String> parts = new ArrayList<>();
        for (Example s : shots) {
            parts.add(shot(task, s));
        }
        String prefix = task.prefix().isEmpty() ? "" : task.prefix() + "\n\n";
        return prefix + String.join("\n\n", parts);
    }

    /** The full prompt for {@code item}, before the tokenizer-dependent strip. */
    public static String prompt(DanishTask task, List<Example> shots, Example item) {
        return fewShotPart(task, shots) + "\n\n" + query(task, item);
    }

    static String shot(DanishTask task, Example e) {
        return switch (task.type()) {
            case CLASSIFICATION -> format(task.template(), Map.of("text", cleanClassification(e.text()),
                    "label", task.labelMapping().get(e.label().toLowerCase(Locale.ROOT))));
            case NER -> format(task.template(), Map.of("text", nerText(e), "label", nerLabel(task, e)));
            case QA -> format(task.template(), Map.of("text", e.context().replace("\n", " ").transform(PyStr::strip),
                    "question", e.question().transform(PyStr::strip), "label", e.answers().isEmpty() ? "" : e.answers().getFirst()));
            case SUMMARIZATION -> format(task.template(), Map.of("text", e.text().replace("\n", " ").transform(PyStr::strip),
                    "target_text", e.targetText().replace("\n", " ").transform(PyStr::strip)));
        };
    }

    static String query(DanishTask task, Example e) {
        return switch (task.type()) {
            case CLASSIFICATION -> format(task.template(), Map.of("text", cleanClassification(e.text()), "label", ""));
            case NER -> format(task.template(), Map.of("text", nerText(e), "label", ""));
            // the query's question is not stripped in v13
            case QA -> format(task.template(), Map.of("text", e.context().replace("\n", " ").transform(PyStr::strip),
                    "question", e.question(), "label", ""));
            case SUMMARIZATION -> format(task.template(), Map.of("text", e.text().replace("\n", " ").transform(PyStr::strip),
                    "target_text", "")).transform(PyStr::strip);
        };
    }

    /** re.sub(r"\n+", "\n", text).transform(PyStr::strip). */
    static String cleanClassification(String text) {
        return PyStr.strip(text.replaceAll("\n+", "\n"));
    }

    static String nerText(Example e) {
        return String.join(" ", e.tokens()).replace("\n", " ").transform(PyStr::strip);
    }

    /** json.dumps({"person": [...], "sted": [...], ...}, ensure_ascii=False) from the BIO tags. */
    static String nerLabel(DanishTask task, Example e) {
        Map<String, List<String>> entities = new LinkedHashMap<>();
        task.labelMapping().values().forEach(v -> entities.putIfAbsent(v, new ArrayList<>()));
        List<String> tokens = e.tokens();
        List<String> tags = e.labels();
        for (int i = 0; i < tokens.size(); i++) {
            String tag = tags.get(i).toLowerCase(Locale.ROOT);
            if (tag.equals("o")) {
                continue;
            }
            List<String> list = entities.get(task.labelMapping().get(tag));
            if (tag.startsWith("b-")) {
                list.add(tokens.get(i));
            } else if (list.isEmpty()) {
                throw new IllegalArgumentException(task.name() + " row " + (e.row() + 1) + ": tag '" + tags.get(i)
                        + "' at token " + i + " continues an entity of its type, but none came before");
            } else {
                list.set(list.size() - 1, list.getLast() + " " + tokens.get(i));  // v13: the last entity of the type
            }
        }
        StringBuilder json = new StringBuilder("{");
        boolean firstKey = true;
        for (var entry : entities.entrySet()) {
            json.append(firstKey ? "" : ", ").append(PyJson.string(entry.getKey())).append(": [");
            firstKey = false;
            for (int i = 0; i < entry.getValue().size(); i++) {
                json.append(i == 0 ? "" : ", ").append(PyJson.string(entry.getValue().get(i)));
            }
            json.append("]");
        }
        return json.append("}").toString();
    }

    /** Python str.format for named fields only; substituted values are never re-scanned. */
    static String format(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            String name = template.substring(open + 1, close);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("template field {" + name + "} has no value: " + template);
            }
            out.append(template, i, open).append(value);
            i = close + 1;
        }
        return out.toString();
    }
}
