package dk.snaklib.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@link Divergence} as CSV and JSON files, each written atomically. Numbers keep full double precision. */
final class DivergenceFiles {
    static final String CSV_HEADER = "tensor,layer,module,shape,mean_abs_delta,mean_angle_deg,angles,rank_a,rank_b";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DivergenceFiles() {}

    static void writeCsv(Divergence d, Path file) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (TensorDivergence t : d.tensors()) {
            sb.append(csvRow(t)).append('\n');
        }
        write(file, sb.toString());
    }

    /** One tensor as a line of the CSV (no newline). */
    static String csvRow(TensorDivergence t) {
        return t.name() + "," + (t.layer() < 0 ? "" : Integer.toString(t.layer())) + "," + t.module().name() + ","
                + t.shapeText() + "," + number(t.meanAbsDelta()) + "," + number(t.meanAngleDegrees()) + "," + t.angles()
                + "," + t.rankA() + "," + t.rankB();
    }

    /** A CSV number: empty for NaN (no value), else the shortest text that reads back to the same double. */
    static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    static void writeJson(Divergence d, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("a", d.a());
        root.put("b", d.b());
        root.put("seconds", d.seconds());
        root.put("threads", d.threads());
        ArrayNode tensors = root.putArray("tensors");
        for (TensorDivergence t : d.tensors()) {
            ObjectNode o = tensors.addObject();
            o.put("tensor", t.name());
            o.put("layer", t.layer());
            o.put("module", t.module().name());
            ArrayNode shape = o.putArray("shape");
            for (long s : t.shape()) {
                shape.add(s);
            }
            o.put("mean_abs_delta", t.meanAbsDelta());
            putNumber(o, "mean_angle_deg", t.meanAngleDegrees());
            o.put("angles", t.angles());
            o.put("rank_a", t.rankA());
            o.put("rank_b", t.rankB());
        }
        groups(root.putArray("by_module"), d.byModule());
        groups(root.putArray("by_layer"), d.byLayer());
        ObjectNode emb = root.putObject("embeddings");
        for (EmbeddingChange e : d.embeddings()) {
            ObjectNode o = emb.putObject(e.tensor());
            o.put("min", e.min());
            o.put("mean", e.mean());
            o.put("max", e.max());
            o.put("above_mean", e.aboveMean());
            o.put("above_zero", e.aboveZero());
            tokens(o.putArray("top"), e.top());
            tokens(o.putArray("bottom"), e.bottom());
        }
        writeTree(file, root);
    }

    static void writeStudyJson(Divergence d, Path file) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode pair = root.putObject(d.a() + "<->" + d.b());
        for (TensorDivergence t : d.tensors()) {
            ObjectNode o = pair.putObject(t.name());
            o.put("delta", t.meanAbsDelta());
            if (t.isMatrix()) {
                putNumber(o, "ssa", t.meanAngleDegrees());
            }
        }
        writeTree(file, root);
    }

    private static void groups(ArrayNode into, List<DivergenceGroup> groups) {
        for (DivergenceGroup g : groups) {
            ObjectNode o = into.addObject();
            o.put("group", g.label());
            o.put("study_key", g.key());
            o.put("tensors", g.tensors());
            o.put("mean_abs_delta", g.meanAbsDelta());
            putNumber(o, "sum_angle_deg", g.sumAngleDegrees());
            putNumber(o, "mean_angle_deg", g.meanAngleDegrees());
            putNumber(o, "std_angle_deg", g.stdAngleDegrees());
        }
    }

    private static void tokens(ArrayNode into, List<TokenChange> tokens) {
        for (TokenChange t : tokens) {
            ObjectNode o = into.addObject();
            o.put("id", t.id());
            o.put("token", t.token());
            o.put("text", t.text());
            o.put("l1", t.l1());
        }
    }

    /** JSON has no NaN: a missing value is null. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static void writeTree(Path file, ObjectNode root) {
        try {
            write(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
        }
        AtomicFiles.writeString(file, text);
    }
}
