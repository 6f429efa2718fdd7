package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.eval.BenchmarkResult;
import dk.snaklib.eval.BundledTasks;
import dk.snaklib.eval.DatasetRun;
import dk.snaklib.eval.EvalSpec;
import dk.snaklib.eval.Evaluation;
import dk.snaklib.eval.ResultsFile;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model scored on the bundled Danish tasks, kept as an artifact ({@code evaluation}): the ScandEval records
 * ({@code scandeval_benchmark_results.jsonl}) and what the paired tests need beside them ({@code runs.json}: per
 * dataset the first iteration's per-item scores and the run's counts), read back into the {@link Evaluation.Result}
 * that {@link dk.snaklib.eval.Comparison#of} takes.
 *
 * @param model    the model scored
 * @param artifact the evaluation artifact
 * @param result   the run as {@link Evaluation#run} returned it
 */
public record Evaluated(StudyModel model, Artifact artifact, Evaluation.Result result) {
    static final String KIND = "evaluation";
    static final String RUNS = "runs.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Artifacts.Step step(Project project, StudyModel model, TuneEvalSpec.Evaluation settings) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("model_name", model.name());
        spec.put("model_path", model.path());
        spec.set("tasks", JSON.valueToTree(settings.tasks()));
        spec.put("only_validation_split", settings.onlyValidationSplit());
        spec.put("iterations", settings.iterations());
        spec.put("label_rule", "TOP10");
        List<Path> files = new ArrayList<>();
        for (String t : settings.tasks()) {
            files.addAll(taskFiles(BundledTasks.dataDir(project.root()).resolve(t)));
        }
        spec.set("data", TokenizerArtifact.files(project, files));
        return Artifacts.Step.of(KIND, spec).input("model", model.artifact()).producer(work -> {
            Path dir = work.input("model").dir().resolve(model.path());
            EvalSpec es = EvalSpec.of(dir, settings.tasks(), BundledTasks.dataDir(project.root()))
                    .withOnlyValidationSplit(settings.onlyValidationSplit()).withIterations(settings.iterations())
                    .withModelId(model.name()).withResultsFile(work.dir().resolve(ResultsFile.NAME));
            Evaluation.Result r = Evaluation.run(es);
            write(work.dir().resolve(RUNS), r);
            Evaluated e = new Evaluated(model, null, r);
            return Map.of("overall", e.overall(), "overall_half_width", e.overallHalfWidth(), "prompts", r.prompts(),
                    "datasets", r.runs().size());
        });
    }

    private static List<Path> taskFiles(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir, "no bundled task folder: " + e.getMessage(), e);
        }
    }

    private static void write(Path f, Evaluation.Result r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("prompts", r.prompts()).put("prompt_tokens", r.promptTokens()).put("fed_tokens", r.fedTokens());
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode runs = root.putArray("runs");
        for (DatasetRun d : r.runs()) {
            ObjectNode o = runs.addObject();
            o.put("dataset", d.record().dataset());
            ArrayNode items = o.putArray("item_scores");
            for (double x : d.itemScores()) {
                if (Double.isNaN(x)) {
                    items.addNull();
                } else {
                    items.add(x);
                }
            }
            o.put("dropped_empty", d.droppedEmpty()).put("truncated_prompts", d.truncatedPrompts())
                    .put("shots_dropped_prompts", d.shotsDroppedPrompts()).put("unparseable_outputs", d.unparseableOutputs());
            ArrayNode absent = o.putArray("absent_metrics");
            d.absentMetrics().forEach(absent::add);
        }
        try {
            AtomicFiles.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads an evaluation artifact of {@code model}. */
    static Evaluated of(StudyModel model, Artifact a) {
        Path f = a.file(RUNS);
        List<BenchmarkResult> records = ResultsFile.read(a.file(ResultsFile.NAME)).records();
        JsonNode root;
        try {
            root = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new BadInputException(f, "cannot read: " + e.getMessage(), e);
        }
        JsonNode runs = root.path("runs");
        if (runs.size() != records.size()) {
            throw new BadInputException(f, runs.size() + " runs but " + records.size() + " records in " + ResultsFile.NAME);
        }
        List<DatasetRun> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode o = runs.get(i);
            if (!o.path("dataset").asText().equals(records.get(i).dataset())) {
                throw new BadInputException(f, "run " + i + " is " + o.path("dataset").asText() + ", its record " + records.get(i).dataset());
            }
            double[] items = new double[o.path("item_scores").size()];
            for (int k = 0; k < items.length; k++) {
                JsonNode x = o.path("item_scores").get(k);
                items[k] = x.isNull() ? Double.NaN : x.asDouble();
            }
            List<String> absent = new ArrayList<>();
            o.path("absent_metrics").forEach(x -> absent.add(x.asText()));
            out.add(new DatasetRun(records.get(i), items, o.path("dropped_empty").asInt(), o.path("truncated_prompts").asInt(),
                    o.path("shots_dropped_prompts").asInt(), o.path("unparseable_outputs").asInt(), absent));
        }
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(n -> notes.add(n.asText()));
        return new Evaluated(model, a, new Evaluation.Result(out, notes, root.path("prompts").asLong(),
                root.path("prompt_tokens").asLong(), root.path("fed_tokens").asLong()));
    }

    /** The datasets scored, in order. */
    public List<String> datasets() {
        return result.runs().stream().map(r -> r.record().dataset()).toList();
    }

    /**
     * The study's metric of {@code dataset} (STUDY.md A4: macro-F1 for acceptability and sentiment, micro-F1 for NER,
     * BERTScore for summaries (ROUGE-L where BERTScore is absent), accuracy for multiple choice, F1 for QA): the first
     * of those the task computed. Not the leaderboard's MCC, which a model that always gives one answer scores 0 on.
     */
    public String metric(String dataset) {
        BenchmarkResult r = record(dataset);
        return STUDY_METRICS.stream().filter(m -> r.total().containsKey("test_" + m)).findFirst()
                .orElseThrow(() -> new IllegalStateException(dataset + ": none of the study's metrics " + STUDY_METRICS
                        + " was computed (" + r.total().keySet() + ")"));
    }

    /** The study's metrics, in order of preference. */
    static final List<String> STUDY_METRICS = List.of("macro_f1", "micro_f1", "bertscore", "rouge_l", "accuracy", "f1");

    /** The raw per-iteration values of {@code metric} on {@code dataset}. */
    public double[] rawValues(String dataset, String metric) {
        return record(dataset).rawValues(metric);
    }

    /** The primary score of {@code dataset} (totals' scale). */
    public double score(String dataset) {
        return record(dataset).total().get("test_" + metric(dataset));
    }

    /** Its 95% half-width (1.96 x std / sqrt(iterations), as v13). */
    public double halfWidth(String dataset) {
        return record(dataset).total().get("test_" + metric(dataset) + "_se");
    }

    /** The study's overall score: the plain mean of the datasets' primary scores. */
    public double overall() {
        return Scores.overall(datasets().stream().mapToDouble(this::score).toArray());
    }

    /** The overall score's 95% half-width, the datasets' estimates taken as independent. */
    public double overallHalfWidth() {
        return Scores.overallHalfWidth(datasets().stream().mapToDouble(this::halfWidth).toArray());
    }

    /**
     * The datasets on which this model's MCC is exactly 0 in every iteration: what a model that gives one answer to
     * every item scores (MCC's denominator is then 0), so its scores there say nothing about the model.
     */
    public List<String> oneAnswerDatasets() {
        return datasets().stream().filter(d -> {
            double[] mcc = record(d).rawValues("mcc");
            return mcc.length > 0 && java.util.Arrays.stream(mcc).allMatch(v -> v == 0.0);
        }).toList();
    }

    /**
     * A sentence for a finding when the models compared gave one answer to every item of some task (empty when none
     * did): the scores cannot tell them apart there, which a reader must know before reading ties as results.
     */
    public static String oneAnswerNote(java.util.Collection<Evaluated> models) {
        if (models.isEmpty()) {
            return "";
        }
        List<String> tasks = models.iterator().next().datasets();
        List<List<String>> oneAnswer = models.stream().map(Evaluated::oneAnswerDatasets).toList(); // once per model
        long allOneAnswer = tasks.stream().filter(d -> oneAnswer.stream().allMatch(l -> l.contains(d))).count();
        long some = tasks.stream().filter(d -> oneAnswer.stream().anyMatch(l -> l.contains(d))).count();
        if (some == 0) {
            return "";
        }
        String more = some > allOneAnswer ? String.format(java.util.Locale.ROOT, " (on %d more, some of them did)", some - allOneAnswer) : "";
        return String.format(java.util.Locale.ROOT, "On %d of %d tasks all %d models scored MCC 0 in every iteration%s: "
                + "a model that does gives one answer to every item, so its scores there cannot tell it from the others.",
                allOneAnswer, tasks.size(), models.size(), more);
    }

    private BenchmarkResult record(String dataset) {
        return result.records().stream().filter(r -> r.dataset().equals(dataset)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(model.name() + " was not scored on " + dataset + " (scored: " + datasets() + ")"));
    }

    /** One row per dataset: dataset, metric, score, 95% half-width. */
    public Table table() {
        List<String> ds = datasets();
        return Table.create(model.name() + " on the bundled Danish tasks",
                StringColumn.create("dataset", ds),
                StringColumn.create("metric", ds.stream().map(this::metric).toList()),
                DoubleColumn.create("score", ds.stream().mapToDouble(d -> Scores.round2(score(d))).toArray()),
                DoubleColumn.create("± 95%", ds.stream().mapToDouble(d -> Scores.round2(halfWidth(d))).toArray()));
    }

    @Override
    public String toString() {
        return "Evaluated[" + model.name() + ", " + (artifact == null ? "computing" : artifact) + "]";
    }
}
