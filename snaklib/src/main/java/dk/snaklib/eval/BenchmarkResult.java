package dk.snaklib.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * One ScandEval v13 result record (SCANDEVAL.md section 8): one model on one dataset, with the raw per-iteration
 * scores and their totals. Raw values are 0-1 except em/f1 (0-100); totals are x100 except em/f1.
 *
 * @param dataset            dataset name
 * @param task               ScandEval task name
 * @param datasetLanguages   e.g. ["da"]
 * @param model              model id
 * @param raw                per-iteration scores: metric -> value, one map per iteration
 * @param total              test_&lt;metric&gt; and test_&lt;metric&gt;_se
 * @param numModelParameters parameter count, or -1
 * @param maxSequenceLength  model length (+ max generated tokens, as v13.0.0 reports it)
 * @param vocabularySize     vocabulary size
 * @param generative         always true here
 * @param fewShot            few-shot prompting
 * @param validationSplit    scored on the val split (--only-validation-split)
 * @param scandevalVersion   the version whose behaviour the record follows
 */
public record BenchmarkResult(String dataset, String task, List<String> datasetLanguages, String model,
        List<SequencedMap<String, Double>> raw, SequencedMap<String, Double> total, long numModelParameters,
        int maxSequenceLength, int vocabularySize, boolean generative, boolean fewShot, boolean validationSplit,
        String scandevalVersion) {
    public static final String VERSION = "13.0.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KNOWN = List.of("dataset", "task", "dataset_languages", "model", "results",
            "num_model_parameters", "max_sequence_length", "vocabulary_size", "generative", "few_shot",
            "validation_split", "scandeval_version");

    /** Builds the totals from the raw scores: mean and se, x100 unless the metric is em or f1. */
    public static SequencedMap<String, Double> totals(List<String> metrics, List<SequencedMap<String, Double>> raw) {
        SequencedMap<String, Double> total = new LinkedHashMap<>();
        for (String metric : metrics) {
            List<Double> values = new ArrayList<>();
            raw.forEach(r -> {
                if (r.containsKey(metric)) {
                    values.add(r.get(metric));
                }
            });
            if (values.isEmpty()) {
                continue;   // absent metric (BERTScore without a scoring model): not reported at all
            }
            double scale = metric.equals("em") || metric.equals("f1") ? 1 : 100;
            Bootstrap.Summary s = Bootstrap.summarize(values);
            total.put("test_" + metric, s.mean() * scale);
            total.put("test_" + metric + "_se", s.se() * scale);
        }
        return total;
    }

    /** The record as v13 writes it (one JSON object). */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("dataset", dataset);
        o.put("task", task);
        ArrayNode langs = o.putArray("dataset_languages");
        datasetLanguages.forEach(langs::add);
        o.put("model", model);
        ObjectNode results = o.putObject("results");
        ArrayNode rawTest = results.putObject("raw").putArray("test");
        for (Map<String, Double> r : raw) {
            ObjectNode it = rawTest.addObject();
            r.forEach(it::put);
        }
        ObjectNode tot = results.putObject("total");
        total.forEach(tot::put);
        o.put("num_model_parameters", numModelParameters);
        o.put("max_sequence_length", maxSequenceLength);
        o.put("vocabulary_size", vocabularySize);
        o.put("generative", generative);
        o.put("few_shot", fewShot);
        o.put("validation_split", validationSplit);
        o.put("scandeval_version", scandevalVersion);
        return o;
    }

    /**
     * Reads a record written by any ScandEval/EuroEval version: v13's {@code raw.test} and v14's plain-list
     * {@code raw} both load, {@code euroeval_version} counts as the version, and unknown fields are named in
     * {@code unknown}.
     */
    public static BenchmarkResult fromJson(JsonNode o, List<String> unknown) {
        o.fieldNames().forEachRemaining(f -> {
            if (!KNOWN.contains(f) && !f.equals("euroeval_version")) {
                unknown.add(f);
            }
        });
        JsonNode rawNode = o.path("results").path("raw");
        JsonNode rawList = rawNode.isArray() ? rawNode : rawNode.path("test");
        List<SequencedMap<String, Double>> raw = new ArrayList<>();
        for (JsonNode it : rawList) {
            SequencedMap<String, Double> m = new LinkedHashMap<>();
            it.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    m.put(e.getKey().replaceFirst("^test_", ""), e.getValue().asDouble());
                }
            });
            raw.add(m);
        }
        SequencedMap<String, Double> total = new LinkedHashMap<>();
        o.path("results").path("total").properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                total.put(e.getKey(), e.getValue().asDouble());
            }
        });
        List<String> langs = new ArrayList<>();
        o.path("dataset_languages").forEach(l -> langs.add(l.asText()));
        String version = o.has("scandeval_version") ? o.path("scandeval_version").asText()
                : o.path("euroeval_version").asText("unknown");
        return new BenchmarkResult(o.path("dataset").asText(), o.path("task").asText(), langs, o.path("model").asText(),
                raw, total, o.path("num_model_parameters").asLong(-1), o.path("max_sequence_length").asInt(-1),
                o.path("vocabulary_size").asInt(-1), o.path("generative").asBoolean(true),
                o.path("few_shot").asBoolean(true), o.path("validation_split").asBoolean(false), version);
    }

    /** The raw values of {@code metric} over the iterations. */
    public double[] rawValues(String metric) {
        return raw.stream().filter(r -> r.containsKey(metric)).mapToDouble(r -> r.get(metric)).toArray();
    }
}
