package dk.snaklib.eval;

import java.util.List;
import java.util.SequencedMap;

/**
 * One ScandEval v13 dataset configuration (SCANDEVAL.md section 1), with the strings verbatim.
 *
 * @param name               dataset name, e.g. {@code angry-tweets}
 * @param hubId              the Hugging Face id ScandEval loads
 * @param task               ScandEval task name, e.g. {@code sentiment-classification}
 * @param type               how it is prompted and scored
 * @param prefix             prompt_prefix
 * @param template           prompt_template with {text}, {label}, {question} or {target_text}
 * @param labelMapping       dataset label (lowercase) -> prompt label word, in v13's order
 * @param taskLabels         task.labels in v13's order: the label-id order and the few-shot label cycle
 * @param shots              num_few_shot_examples
 * @param maxGeneratedTokens max_generated_tokens
 * @param metrics            raw metric names, primary first
 */
public record DanishTask(String name, String hubId, String task, TaskType type, String prefix, String template,
        SequencedMap<String, String> labelMapping, List<String> taskLabels, int shots, int maxGeneratedTokens,
        List<String> metrics) {

    /** The metric the leaderboard ranks on. */
    public String primaryMetric() {
        return metrics.getFirst();
    }

    /** Whether the gold tags include MISC (only meaningful for NER). */
    public boolean hasMisc() {
        return labelMapping.containsKey("b-misc");
    }

    /** Prompt label words in task.labels order (v13's candidate order: the first wins ties). */
    public List<String> candidateWords() {
        return taskLabels.stream().map(labelMapping::get).toList();
    }
}
