package dk.snaklib.analysis;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The study's published divergence numbers (Llama-2-7B vs its continued pre-training checkpoint 12500), from the
 * bundled {@code study-divergence.yaml} with their source, for notebooks to show beside ours.
 *
 * @param source            where the numbers were printed
 * @param comparison        which two checkpoints
 * @param meanAngleDegrees  per module type (EMB ... LMH), the mean over layers
 * @param perLayerMeanRange lowest and highest per-layer mean over the 7 matrices
 * @param meanAbsDelta      mean |dW| where printed (EMB, LMH, NORM)
 */
public record StudyReference(String source, String comparison, Map<ModuleType, Double> meanAngleDegrees,
                             double[] perLayerMeanRange, Map<ModuleType, Double> meanAbsDelta) {
    static final String RESOURCE = "study-divergence.yaml";

    public StudyReference {
        meanAngleDegrees = Map.copyOf(meanAngleDegrees);
        meanAbsDelta = Map.copyOf(meanAbsDelta);
        perLayerMeanRange = perLayerMeanRange.clone();
    }

    @Override
    public double[] perLayerMeanRange() {
        return perLayerMeanRange.clone();
    }

    /** The bundled numbers. */
    public static StudyReference load() {
        try (InputStream in = StudyReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("dk/snaklib/analysis/" + RESOURCE + " is not on the class path");
            }
            Map<String, Object> y = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<?> range = (List<?>) y.get("per_layer_mean_angle_deg_range");
            return new StudyReference((String) y.get("source"), (String) y.get("comparison"),
                    byModule(y.get("mean_angle_deg")),
                    new double[] {((Number) range.get(0)).doubleValue(), ((Number) range.get(1)).doubleValue()},
                    byModule(y.get("mean_abs_delta")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The study's value for {@code type} in the study's order, NaN where it printed none. */
    public double meanAngle(ModuleType type) {
        return meanAngleDegrees.getOrDefault(type, Double.NaN);
    }

    private static Map<ModuleType, Double> byModule(Object section) {
        Map<ModuleType, Double> out = new EnumMap<>(ModuleType.class);
        ((Map<?, ?>) section).forEach((k, v) -> out.put(ModuleType.valueOf((String) k), ((Number) v).doubleValue()));
        return out;
    }
}
