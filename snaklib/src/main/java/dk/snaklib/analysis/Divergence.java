package dk.snaklib.analysis;

import ai.djl.ndarray.NDArray;
import dk.snaklib.model.HfCheckpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Weight divergence between two checkpoints, as the study's {@code analyze/divergence} code computes it (STUDY.md A1,
 * docs/divergence.md): per tensor the mean |dW| and the mean principal angle between the column spaces, per vocabulary
 * row the L1 change of embed_tokens and lm_head, and the groups by layer and by module type.
 * <pre>{@code
 * Divergence d = Divergence.between(Path.of("runs/base/final"), Path.of("runs/cpt/checkpoints/step-00000250"));
 * d.modules();                 // a Tablesaw table: EMB, Q, K, V, O, G, UP, DOWN, LMH
 * d.writeCsv(Path.of("divergence.csv"));
 * }</pre>
 */
public final class Divergence {

    /**
     * How to compute.
     *
     * @param threads tensors compared at once (each on its own thread)
     * @param topK    most and least changed tokens kept per embedding matrix (the study's {@code --top-k} 200)
     * @param eps     machine epsilon of the weights' dtype for scipy's rank rule: float32's, as the study's arrays
     */
    public record Options(int threads, int topK, double eps) {
        public Options {
            if (threads < 1 || topK < 0 || !(eps > 0)) {
                throw new IllegalArgumentException("divergence options: threads >= 1, topK >= 0, eps > 0; got "
                        + threads + ", " + topK + ", " + eps);
            }
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 200, PrincipalAngles.FLOAT32_EPS);
        }

        public Options withThreads(int n) {
            return new Options(n, topK, eps);
        }

        public Options withTopK(int k) {
            return new Options(threads, k, eps);
        }
    }

    private final String a;
    private final String b;
    private final List<TensorDivergence> tensors;
    private final List<EmbeddingChange> embeddings;
    private final double seconds;
    private final int threads;

    Divergence(String a, String b, List<TensorDivergence> tensors, List<EmbeddingChange> embeddings, double seconds,
               int threads) {
        this.a = a;
        this.b = b;
        this.tensors = List.copyOf(tensors);
        this.embeddings = List.copyOf(embeddings);
        this.seconds = seconds;
        this.threads = threads;
    }

    // ---- entry points ----

    /** Two Hugging Face model folders (safetensors, any stored dtype read as float32). */
    public static Divergence between(Path a, Path b) {
        return between(a, b, Options.defaults());
    }

    public static Divergence between(Path a, Path b, Options options) {
        try (WeightSource sa = WeightSource.folder(a); WeightSource sb = WeightSource.folder(b)) {
            return WeightDivergence.compute(sa, sb, options);
        }
    }

    /** Two loaded checkpoints; tokens are named through {@code a}'s tokenizer.json (else {@code b}'s). */
    public static Divergence between(HfCheckpoint a, HfCheckpoint b) {
        return between(a, b, Options.defaults());
    }

    public static Divergence between(HfCheckpoint a, HfCheckpoint b, Options options) {
        return WeightDivergence.compute(WeightSource.arrays(a.dir().toString(), a.weights(), a.tokenizerJson()),
                WeightSource.arrays(b.dir().toString(), b.weights(), b.tokenizerJson()), options);
    }

    /** Two weight maps (HF names -> arrays, e.g. a model's {@code weights()}); {@code tokenizer} may be null. */
    public static Divergence between(Map<String, NDArray> a, Map<String, NDArray> b, Path tokenizer, Options options) {
        return WeightDivergence.compute(WeightSource.arrays("a", a, tokenizer), WeightSource.arrays("b", b, tokenizer), options);
    }

    // ---- what was measured ----

    /** The first checkpoint (the base of the comparison). */
    public String a() {
        return a;
    }

    public String b() {
        return b;
    }

    /** One row per tensor, in the checkpoint's order. */
    public List<TensorDivergence> tensors() {
        return tensors;
    }

    public Optional<TensorDivergence> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The per-row changes of embed_tokens and lm_head (whichever the checkpoints have). */
    public List<EmbeddingChange> embeddings() {
        return embeddings;
    }

    public Optional<EmbeddingChange> embedding(ModuleType type) {
        return embeddings.stream().filter(e -> ModuleType.of(e.tensor()) == type).findFirst();
    }

    /** Wall time of the comparison, and the threads it used. */
    public double seconds() {
        return seconds;
    }

    public int threads() {
        return threads;
    }

    /** Number of decoder layers seen (largest layer index + 1). */
    public int layers() {
        return tensors.stream().mapToInt(TensorDivergence::layer).max().orElse(-1) + 1;
    }

    /**
     * Module-type groups in the study's order (EMB, Q, K, V, O, G, UP, DOWN, LMH), then the norms: the study's type
     * bars are their {@code meanAngleDegrees} (the mean over layers).
     */
    public List<DivergenceGroup> byModule() {
        Map<ModuleType, List<TensorDivergence>> groups = new LinkedHashMap<>();
        for (ModuleType t : ModuleType.values()) {
            groups.put(t, new ArrayList<>());
        }
        tensors.forEach(t -> groups.get(t.module()).add(t));
        List<DivergenceGroup> out = new ArrayList<>();
        groups.forEach((type, members) -> {
            if (!members.isEmpty()) {
                String key = type.hfName() == null ? "other" : type.hfName();
                out.add(DivergenceGroup.of(DivergenceGroup.By.MODULE, key, type.name(), members));
            }
        });
        return out;
    }

    /**
     * Layer groups over the matrices (norms have no angle and the study skips them): embed_tokens, layer_0..., then
     * lm_head, as the study's layer bars, which are each group's {@code sumAngleDegrees}.
     */
    public List<DivergenceGroup> byLayer() {
        Map<String, List<TensorDivergence>> groups = new LinkedHashMap<>();
        for (TensorDivergence t : tensors) {
            if (t.isMatrix()) {
                groups.computeIfAbsent(t.studyLayerKey(), k -> new ArrayList<>()).add(t);
            }
        }
        List<DivergenceGroup> out = new ArrayList<>();
        groups.forEach((key, members) -> out.add(DivergenceGroup.of(DivergenceGroup.By.LAYER, key, layerLabel(members.getFirst()), members)));
        return out;
    }

    private static String layerLabel(TensorDivergence t) {
        if (t.layer() >= 0) {
            return Integer.toString(t.layer());
        }
        return t.module() == ModuleType.OTHER ? t.studyLayerKey() : t.module().name();
    }

    /**
     * A layer x module matrix for the heatmaps: {@code [layer][IN_LAYER index]}, the mean angle in degrees when
     * {@code angle}, else the mean |dW|; NaN where a layer lacks that module.
     */
    public double[][] layerByModule(boolean angle) {
        double[][] z = new double[layers()][ModuleType.IN_LAYER.size()];
        for (double[] row : z) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (TensorDivergence t : tensors) {
            int col = ModuleType.IN_LAYER.indexOf(t.module());
            if (t.layer() >= 0 && col >= 0) {
                z[t.layer()][col] = angle ? t.meanAngleDegrees() : t.meanAbsDelta();
            }
        }
        return z;
    }

    // ---- tables and files ----

    /** The per-tensor table (tensor, layer, module, shape, mean_abs_delta, mean_angle_deg, angles, rank_a, rank_b). */
    public tech.tablesaw.api.Table table() {
        return DivergenceTables.tensors(this);
    }

    /** The module-type groups as a table. */
    public tech.tablesaw.api.Table modules() {
        return DivergenceTables.groups("by module: " + name(), byModule());
    }

    /** The layer groups as a table. */
    public tech.tablesaw.api.Table layersTable() {
        return DivergenceTables.groups("by layer: " + name(), byLayer());
    }

    /** The per-tensor table as CSV (the columns of {@link #table()}). */
    public void writeCsv(Path file) {
        DivergenceFiles.writeCsv(this, file);
    }

    /** Everything measured as JSON: the tensors, both groupings, the embeddings' statistics and top/bottom tokens. */
    public void writeJson(Path file) {
        DivergenceFiles.writeJson(this, file);
    }

    /** The study's weights JSON, {@code {"<a><-><b>": {tensor: {"delta", "ssa"}}}}, for its own plotting code. */
    public void writeStudyJson(Path file) {
        DivergenceFiles.writeStudyJson(this, file);
    }

    /** "a vs b" with folder names shortened to their last two parts. */
    public String name() {
        return shortName(a) + " vs " + shortName(b);
    }

    static String shortName(String path) {
        Path p = Path.of(path);
        int n = p.getNameCount();
        return n >= 2 ? p.subpath(n - 2, n).toString() : path;
    }

    /** The per-module summary the CLI prints. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "divergence %s%n  a: %s%n  b: %s%n  %d tensors, %d layers, %.2f s on %d threads%n",
                name(), a, b, tensors.size(), layers(), seconds, threads));
        sb.append(String.format(Locale.ROOT, "%-10s %7s %14s %16s %14s%n", "module", "tensors", "mean |dW|",
                "mean angle (deg)", "std over layers"));
        for (DivergenceGroup g : byModule()) {
            sb.append(String.format(Locale.ROOT, "%-10s %7d %14.6g %16s %14s%n", g.label(), g.tensors(), g.meanAbsDelta(),
                    Double.isNaN(g.meanAngleDegrees()) ? "-" : String.format(Locale.ROOT, "%.6g", g.meanAngleDegrees()),
                    Double.isNaN(g.stdAngleDegrees()) ? "-" : String.format(Locale.ROOT, "%.4g", g.stdAngleDegrees())));
        }
        for (EmbeddingChange e : embeddings) {
            sb.append(String.format(Locale.ROOT, "%s per-row L1: min %.4g mean %.4g max %.4g; %d rows above the mean, %d above 0%n",
                    e.tensor(), e.min(), e.mean(), e.max(), e.aboveMean(), e.aboveZero()));
            sb.append("  most changed: ");
            sb.append(String.join(", ", e.top().stream().limit(10).map(Divergence::tokenText).toList())).append('\n');
        }
        return sb.toString();
    }

    static String tokenText(TokenChange t) {
        String label = t.text() != null ? "\"" + t.text() + "\"" : t.token() != null ? t.token() : "#" + t.id();
        return String.format(Locale.ROOT, "%s (%d) %.4g", label, t.id(), t.l1());
    }

    @Override
    public String toString() {
        return "Divergence[" + name() + ", " + tensors.size() + " tensors]";
    }
}
