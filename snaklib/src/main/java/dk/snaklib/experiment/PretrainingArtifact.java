package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.train.MetricsLog;
import dk.snaklib.train.Pretrainer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-training as a resumable artifact: {@link Pretraining#run(PretrainSpec)} into the step's folder, which after a
 * crash holds the run's checkpoints, so the next attempt resumes from the newest good one (the artifact's lock keeps
 * it to one writer). Base pre-training starts from scratch with the tokenizer artifact; continued pre-training starts
 * from the base model's final checkpoint and uses its tokenizer.
 */
final class PretrainingArtifact {
    static final String BASE = "base-pretraining";
    static final String CONTINUED = "continued-pretraining";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PretrainingArtifact() {}

    /** From scratch on {@code files} with {@code tokenizer}'s tokenizer.json. */
    static Artifacts.Step base(Project project, Preset preset, List<Path> files, Artifact tokenizer) {
        ObjectNode spec = JSON.createObjectNode();
        spec.set("preset", preset.toTree());
        spec.set("data", TokenizerArtifact.files(project, files));
        return Artifacts.Step.of(BASE, spec).input("tokenizer", tokenizer).resumable(true).producer(work -> {
            PretrainSpec s = PretrainSpec.of(preset, TrainingData.files(files), work.dir())
                    .tokenizer(work.input("tokenizer").file(TokenizerArtifact.FILE)).log(work.log());
            return summary(Pretraining.run(s));
        });
    }

    /** Continued from {@code base}'s final checkpoint on a mixture of {@code split}'s training part. */
    static Artifacts.Step continued(Preset preset, ContinuedPretrainingSpec.Mixture mixture, Artifact split, PretrainedModel base) {
        ObjectNode spec = JSON.createObjectNode();
        spec.set("preset", preset.toTree());
        spec.set("mixture", JSON.valueToTree(mixture));
        return Artifacts.Step.of(CONTINUED, spec).input("base", base.artifact()).input("danish", split).resumable(true).producer(work -> {
            Path train = work.input("danish").file(HeldOutSplit.TRAIN);
            TrainingData.Mix data = (mixture.weights().isEmpty() ? TrainingData.corpus(train) : TrainingData.mixture(train, mixture.weights()))
                    .withTokenBudgets(mixture.tokenBudgets());
            PretrainSpec s = PretrainSpec.of(preset, data, work.dir()).initFrom(new PretrainedModel(work.input("base")).finalCheckpoint())
                    .log(work.log());
            return summary(Pretraining.run(s));
        });
    }

    static Map<String, Object> summary(Pretrainer.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<MetricsLog.Row> rows = r.metrics();
        MetricsLog.Row last = rows.isEmpty() ? null : rows.getLast();
        m.put("steps", last == null ? 0 : last.step());
        m.put("final_train_loss", last == null ? null : finite(last.loss()));
        MetricsLog.Row lastVal = null;
        for (MetricsLog.Row row : rows) {
            if (Double.isFinite(row.valLoss())) {
                lastVal = row;
            }
        }
        m.put("final_val_loss", lastVal == null ? null : lastVal.valLoss());
        m.put("final_val_loss_step", lastVal == null ? null : lastVal.step());
        m.put("tokens_per_second", finite(r.tokensPerSecond()));
        m.put("final_checkpoint", r.runDir().relativize(r.finalCheckpoint()).toString());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
