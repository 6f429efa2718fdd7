package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.analysis.Divergence;
import dk.snaklib.analysis.DivergenceCsv;
import dk.snaklib.analysis.DivergenceGroup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weight divergence between two stored checkpoints as an artifact ({@code divergence}): {@code tensors.csv} (per
 * tensor, {@link Divergence#writeCsv}) and {@code divergence.json} (everything, the most changed tokens included).
 * The threads used do not enter the key: they change the wall time, not the numbers.
 */
final class WeightDivergenceArtifact {
    static final String KIND = "divergence";
    static final String CSV = "tensors.csv";
    static final String JSON_FILE = "divergence.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WeightDivergenceArtifact() {}

    /** {@code a}'s checkpoint {@code aCheckpoint} (a folder name under its checkpoints/, or a path in it) against {@code b}'s. */
    static Artifacts.Step step(Artifact a, String aCheckpoint, Artifact b, String bCheckpoint, int topK, int threads) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("a", aCheckpoint);
        spec.put("b", bCheckpoint);
        spec.put("a_label", label(a, aCheckpoint));
        spec.put("b_label", label(b, bCheckpoint));
        spec.put("top_k", topK);
        spec.put("method", "snakmodel analyze/divergence: mean |dW|, mean principal angle (scipy subspace_angles, float32 rank rule)");
        return Artifacts.Step.of(KIND, spec).input("a", a).input("b", b).producer(work -> {
            Path pa = work.input("a").dir().resolve(aCheckpoint);
            Path pb = work.input("b").dir().resolve(bCheckpoint);
            Divergence d = Divergence.between(pa, pb, Divergence.Options.defaults().withThreads(threads).withTopK(topK));
            d.writeCsv(work.dir().resolve(CSV));
            d.writeJson(work.dir().resolve(JSON_FILE));
            Map<String, Object> summary = new LinkedHashMap<>();
            for (DivergenceGroup g : d.byModule()) {
                if (Double.isFinite(g.meanAngleDegrees())) {
                    summary.put(g.label() + "_mean_angle_deg", g.meanAngleDegrees());
                }
            }
            summary.put("seconds", d.seconds());
            return summary;
        });
    }

    static Divergence read(Artifact a) {
        return DivergenceCsv.read(a.file(CSV), a.spec().path("a_label").asText(), a.spec().path("b_label").asText());
    }

    /** "base-pretraining/step-00000300": the run's kind and the checkpoint's folder (for a tuned one, the checkpoint it tuned). */
    static String label(Artifact run, String checkpoint) {
        if (run.kind().equals(TunedCheckpointArtifact.KIND)) {
            return run.kind() + "/" + Path.of(run.spec().path("checkpoint").asText()).getFileName();
        }
        return run.kind() + "/" + Path.of(checkpoint).getFileName();
    }
}
