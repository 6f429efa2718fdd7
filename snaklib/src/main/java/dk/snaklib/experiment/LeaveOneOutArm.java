package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.eval.BenchmarkResult;
import dk.snaklib.eval.BundledTasks;
import dk.snaklib.eval.DanishTasks;
import dk.snaklib.eval.EvalSpec;
import dk.snaklib.eval.Evaluation;
import dk.snaklib.eval.ResultsFile;
import dk.snaklib.model.HfModel;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One arm of the leave-one-source-out experiment ({@code leave-one-out}): a continued run's final checkpoint scored on
 * the bundled Danish tasks (ScandEval v13 records, validation split) and on each source's held-out text.
 * {@code scores.csv} has per task the primary metric's total and its 95% half-width ({@code 1.96 std / sqrt(n)} over
 * the iterations, v13's {@code _se}); {@code perplexity.csv} is {@link Perplexity}'s format for that one checkpoint.
 *
 * @param leftOut the source left out, or null for the full mixture
 */
public record LeaveOneOutArm(Artifact artifact, String leftOut, Map<String, Score> scores, Map<String, Double> perplexity) {
    static final String KIND = "leave-one-out";
    static final String SCORES = "scores.csv";
    static final String SCORES_HEADER = "task,metric,score,half_width_95";
    static final String FULL = "(none: full mixture)";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A task's primary metric on the totals' scale (x100 except em/f1) and its 95% half-width. */
    public record Score(String metric, double score, double halfWidth) {}

    public LeaveOneOutArm {
        scores = Map.copyOf(scores);
        perplexity = Map.copyOf(perplexity);
    }

    static Artifacts.Step step(Project project, String leftOut, SourceMixturesSpec.Evaluation eval,
                               ContinuedPretrainingSpec.HeldOut heldOut, PretrainedModel run, Artifact split) {
        Path dataDir = BundledTasks.dataDir(project.root());
        List<Path> taskFiles = new ArrayList<>();
        for (String t : eval.tasks()) {
            for (String f : List.of("train.jsonl", "val.jsonl", "test.jsonl")) {
                taskFiles.add(dataDir.resolve(t).resolve(f));
            }
        }
        ObjectNode spec = JSON.createObjectNode();
        spec.put("left_out", leftOut == null ? FULL : leftOut);
        spec.set("evaluation", JSON.valueToTree(eval));
        spec.put("split", "val");
        spec.set("held_out", JSON.valueToTree(heldOut));
        spec.set("task_files", TokenizerArtifact.files(project, taskFiles));
        return Artifacts.Step.of(KIND, spec).input("continued", run.artifact()).input("danish", split).producer(work -> {
            Path ckpt = new PretrainedModel(work.input("continued")).finalCheckpoint();
            EvalSpec es = EvalSpec.of(ckpt, eval.tasks(), dataDir).withOnlyValidationSplit(true).withIterations(eval.iterations())
                    .withModelId(leftOut == null ? "full-mixture" : "without-" + leftOut);
            Evaluation.Result result;
            try (HfModel m = HfModel.open(ckpt)) {
                result = Evaluation.run(es, m);
            }
            Map<String, Score> scores = new LinkedHashMap<>();
            for (BenchmarkResult r : result.records()) {
                ResultsFile.append(work.dir().resolve(ResultsFile.NAME), r);
                scores.put(r.dataset(), primary(r));
            }
            writeScores(work.dir().resolve(SCORES), scores);
            AtomicFiles.writeString(work.dir().resolve("notes.txt"), String.join("\n", result.notes()) + "\n");
            Map<String, List<String>> texts = Perplexity.heldOutTexts(work.input("danish").file(HeldOutSplit.HELD_OUT),
                    heldOut.documentsPerSource());
            List<Perplexity.Row> rows = Perplexity.score(0, ckpt.getFileName().toString(), ckpt, texts, heldOut.maxTokens());
            Perplexity.write(work.dir().resolve(Perplexity.FILE), rows);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("left_out", leftOut == null ? FULL : leftOut);
            scores.forEach((t, s) -> summary.put(t + " " + s.metric(), s.score()));
            summary.put("perplexity_all", rows.getLast().perplexity());
            summary.put("prompts", result.prompts());
            return summary;
        });
    }

    /** The primary metric's total and half-width of a record; a missing or non-finite one is an error naming it. */
    static Score primary(BenchmarkResult r) {
        String metric = DanishTasks.byName(r.dataset()).primaryMetric();
        Double score = r.total().get("test_" + metric);
        Double hw = r.total().get("test_" + metric + "_se");
        if (score == null || !Double.isFinite(score)) {
            throw new IllegalStateException(r.dataset() + ": no finite " + metric + " total in " + r.total());
        }
        return new Score(metric, score, hw == null ? Double.NaN : hw);
    }

    static void writeScores(Path f, Map<String, Score> scores) {
        StringBuilder sb = new StringBuilder(SCORES_HEADER).append('\n');
        scores.forEach((t, s) -> sb.append(String.format(Locale.ROOT, "%s,%s,%.17g,%.17g%n", t, s.metric(), s.score(), s.halfWidth())));
        AtomicFiles.writeString(f, sb.toString());
    }

    /** Reads an arm back from its artifact. */
    static LeaveOneOutArm of(Artifact a) {
        String left = a.spec().path("left_out").asText();
        return new LeaveOneOutArm(a, left.equals(FULL) ? null : left, readScores(a.file(SCORES)), perplexityOf(a));
    }

    static Map<String, Score> readScores(Path f) {
        Map<String, Score> out = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(f)) {
            List<String> all = lines.toList();
            if (all.isEmpty() || !all.getFirst().equals(SCORES_HEADER)) {
                throw new BadInputException(f, "line 1: expected the header " + SCORES_HEADER);
            }
            for (int i = 1; i < all.size(); i++) {
                String[] c = all.get(i).split(",", -1);
                if (c.length != 4) {
                    throw new BadInputException(f, "line " + (i + 1) + ": expected 4 fields (" + SCORES_HEADER + "), got " + c.length);
                }
                out.put(c[0], new Score(c[1], Double.parseDouble(c[2]), Double.parseDouble(c[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        return out;
    }

    private static Map<String, Double> perplexityOf(Artifact a) {
        Map<String, Double> out = new LinkedHashMap<>();
        Perplexity.of(a).rows().forEach(r -> out.put(r.source(), r.perplexity()));
        return out;
    }
}
