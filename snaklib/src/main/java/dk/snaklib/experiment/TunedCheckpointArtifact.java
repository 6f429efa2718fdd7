package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.tune.Tuner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One checkpoint of a run, instruction-tuned with {@link Tuning#run} (LoRA on the bundled Danish set, then merged),
 * as an artifact ({@code tuned-checkpoint}): the tuning run folder under {@code run/}, its merged model in
 * {@link #MERGED}. Resumable: an interrupted tuning run continues from its last adapter checkpoint.
 */
final class TunedCheckpointArtifact {
    static final String KIND = "tuned-checkpoint";
    /** The merged model (a Hugging Face folder) inside the artifact. */
    static final String MERGED = "run/merged";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TunedCheckpointArtifact() {}

    /** {@code run}'s checkpoint {@code checkpoint} (a path inside the run) tuned with {@code template} and tune preset {@code preset}. */
    static Artifacts.Step step(Artifact run, String checkpoint, String template, String preset) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("checkpoint", checkpoint);
        spec.put("template", template);
        spec.put("tune_preset", preset);
        spec.put("data", "bundled Danish instruction set (train and held-out splits)");
        return Artifacts.Step.of(KIND, spec).input("run", run).resumable(true).producer(work -> {
            Path base = work.input("run").dir().resolve(checkpoint);
            Tuner.Result r = Tuning.run(TuneSpec.of(base, template, preset, work.dir().resolve("run")).log(work.log()));
            if (!r.mergedDir().equals(work.dir().resolve(MERGED))) {
                throw new IllegalStateException("tuning wrote its merged model to " + r.mergedDir() + ", expected " + work.dir().resolve(MERGED));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("steps", r.steps());
            summary.put("held_out_answer_loss_before", r.heldOutBefore());
            summary.put("held_out_answer_loss_after", r.heldOutAfter());
            return summary;
        });
    }
}
