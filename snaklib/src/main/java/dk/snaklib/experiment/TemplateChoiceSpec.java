package dk.snaklib.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * Experiment 04 ({@code notebooks/04-template-choice.yaml}): the continued pre-trained model tuned with each template.
 *
 * @param templates the templates compared (names as {@code snak tune --template}: concat, chat, alpaca,
 *                  alpaca-as-released)
 * @param reference the template every other one is tested against (paired tests)
 */
public record TemplateChoiceSpec(List<String> templates, String reference) {
    public static final String FILE = "04-template-choice.yaml";

    public TemplateChoiceSpec {
        templates = List.copyOf(templates);
        if (templates.size() < 2) {
            throw new IllegalArgumentException("key \"templates\": name at least two templates to compare");
        }
        if (templates.stream().distinct().count() != templates.size()) {
            throw new IllegalArgumentException("key \"templates\": a template is named twice: " + templates);
        }
        if (!templates.contains(reference)) {
            throw new IllegalArgumentException("key \"reference\": \"" + reference + "\" is not one of the templates " + templates);
        }
    }

    public static TemplateChoiceSpec read(Path file) {
        return SpecFile.read(file, TemplateChoiceSpec.class);
    }
}
