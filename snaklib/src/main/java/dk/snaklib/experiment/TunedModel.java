package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.train.MetricsLog;
import dk.snaklib.tune.PromptTemplate;
import dk.snaklib.tune.Tuner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instruction-tuned model kept as an artifact ({@code tuning}): the run folder {@link Tuning#run} wrote (run.json,
 * metrics.csv, adapter/, merged/), LoRA over one checkpoint of the study with one template and the shared tune preset.
 *
 * @param artifact the tuning artifact
 * @param base     the checkpoint it was tuned from
 * @param template the template's name as given ({@code chat})
 */
public record TunedModel(Artifact artifact, StudyModel base, String template) {
    static final String KIND = "tuning";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** LoRA over {@code base} with {@code template} on {@code data}, scored on {@code heldOut}, with {@code preset}. */
    static Artifacts.Step step(Project project, StudyModel base, String template, TunePreset preset, InstructionData data,
                               InstructionData heldOut) {
        PromptTemplate t = PromptTemplate.named(template);
        ObjectNode spec = JSON.createObjectNode();
        spec.put("base_model", base.name());
        spec.put("base_path", base.path());
        spec.put("method", "lora");
        spec.put("template", t.name());
        spec.put("template_pattern", t.pattern());
        spec.set("tune_preset", preset.toTree());
        spec.set("data", TokenizerArtifact.files(project, data.inputFiles()));
        spec.set("held_out", TokenizerArtifact.files(project, heldOut.inputFiles()));
        return Artifacts.Step.of(KIND, spec).input("base", base.artifact()).resumable(true).producer(work -> {
            Path dir = work.input("base").dir().resolve(base.path());
            Tuner.Result r = Tuning.run(TuneSpec.of(dir, t, preset, work.dir()).data(data).heldOut(heldOut).log(work.log()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("steps", r.steps());
            m.put("held_out_answer_loss_before", r.heldOutBefore());
            m.put("held_out_answer_loss_after", r.heldOutAfter());
            m.put("tokens_per_second", r.tokensPerSecond());
            m.put("merged", work.dir().relativize(r.mergedDir()).toString());
            return m;
        });
    }

    /** The merged model (base + adapter) as a model of the study: {@code continued-200+chat}. */
    public StudyModel model() {
        return new StudyModel(base.name() + "+" + template, artifact, artifact.summary().path("merged").asText("merged"),
                base.step(), template);
    }

    public double heldOutBefore() {
        return artifact.summary().path("held_out_answer_loss_before").asDouble(Double.NaN);
    }

    /** Held-out answer loss (nats per answer token) after tuning. */
    public double heldOutAfter() {
        return artifact.summary().path("held_out_answer_loss_after").asDouble(Double.NaN);
    }

    public long steps() {
        return artifact.summary().path("steps").asLong();
    }

    public Path runDir() {
        return artifact.dir();
    }

    public List<MetricsLog.Row> metrics() {
        return new ArrayList<>(MetricsLog.read(runDir().resolve("metrics.csv")));
    }

    @Override
    public String toString() {
        return "TunedModel[" + base.name() + " + " + template + ", " + artifact + "]";
    }
}
