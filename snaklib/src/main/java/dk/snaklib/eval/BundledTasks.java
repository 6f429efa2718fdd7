package dk.snaklib.eval;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The Danish tasks bundled in {@code data-catalog/bundled/eval/}, built offline from held-out Debian text by
 * {@code data-catalog/recipes/bundled-eval.sh} ({@link dk.snaklib.eval.bundled.BundledTasksBuilder}). Each reuses
 * the v13 configuration of the ScandEval dataset whose task it copies (prefix, template, label words, shots, max
 * generated tokens, metrics), so prompts, draws and scoring are v13's; only the titles task has its own prompt,
 * because its texts are help sections, not news articles. Stored in ScandEval's split layout, read by
 * {@link BenchmarkData} like the real datasets.
 */
public final class BundledTasks {
    /** Where the bundled tasks live below a checkout of the repository. */
    public static final String DIR = "data-catalog/bundled/eval";

    /** Real help sentences vs the same sentence with two neighbouring words swapped or one word deleted. */
    public static final DanishTask SCALA = copy(DanishTasks.SCALA_DA, "bundled-scala-da");

    /** A help sentence and four candidate next sentences: the real one and three from other pages. */
    public static final DanishTask CONTINUATION = copy(DanishTasks.HELLASWAG_DA, "bundled-fortsaettelse-da");

    /** A Danish word or phrase and four candidates: a synonym from the thesaurus and three unrelated words. */
    public static final DanishTask SYNONYMS = copy(DanishTasks.DANISH_CITIZEN_TESTS, "bundled-synonymer-da");

    /** A Danish word and four English candidates: its dictionary translation and three others. */
    public static final DanishTask TRANSLATION = copy(DanishTasks.DANISH_CITIZEN_TESTS, "bundled-ordbog-da");

    /**
     * A help section's paragraphs -> its heading, scored with ROUGE-L (BERTScore only with a scoring model, as for
     * nordjylland-news). Own prompt (the texts are not news); one shot as nordjylland-news; at most 32 generated
     * tokens, because headings are short (nordjylland-news allows 256).
     */
    public static final DanishTask TITLES = new DanishTask("bundled-overskrifter-da", "bundled:" + DIR + "/bundled-overskrifter-da",
            "summarization", TaskType.SUMMARIZATION, "Følgende er afsnit fra en hjælpetekst med tilhørende overskrifter.",
            "Afsnit: {text}\nOverskrift: {target_text}", new LinkedHashMap<>(), List.of(), 1, 32,
            List.of("bertscore", "rouge_l"));

    /** All bundled tasks, in the order of the study's table (acceptability, summaries, common sense, knowledge). */
    public static final List<DanishTask> ALL = List.of(SCALA, TITLES, CONTINUATION, SYNONYMS, TRANSLATION);

    private BundledTasks() {}

    /** Their names, for {@link EvalSpec#of}. */
    public static List<String> names() {
        return ALL.stream().map(DanishTask::name).toList();
    }

    /** The data folder below a repository checkout ({@code root/data-catalog/bundled/eval}). */
    public static Path dataDir(Path repoRoot) {
        return repoRoot.resolve(DIR);
    }

    private static DanishTask copy(DanishTask t, String name) {
        return new DanishTask(name, "bundled:" + DIR + "/" + name, t.task(), t.type(), t.prefix(), t.template(),
                t.labelMapping(), t.taskLabels(), t.shots(), t.maxGeneratedTokens(), t.metrics());
    }
}
