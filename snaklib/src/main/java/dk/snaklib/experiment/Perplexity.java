package dk.snaklib.experiment;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.model.HfModel;
import dk.snaklib.model.TokenScorer;
import dk.snaklib.util.BadInputException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Per-source perplexity of held-out Danish text at every checkpoint of a run, with the base model at step 0
 * ({@code perplexity}: {@code perplexity.csv}). Each document is tokenized with its BOS as the model's tokenizer.json
 * says, cut to {@code max_tokens}, and scored whole; a source's perplexity is exp of the mean negative
 * log-likelihood over all its predicted tokens (every token after the first of each document), and "all" pools the
 * sources.
 */
public final class Perplexity {
    static final String KIND = "perplexity";
    static final String FILE = "perplexity.csv";
    static final String HEADER = "step,checkpoint,source,documents,tokens,nll,perplexity";

    /** One measurement: a checkpoint (step 0: the base model) on one source (or "all"). */
    public record Row(long step, String checkpoint, String source, int documents, long tokens, double nll, double perplexity) {}

    private final Artifact artifact;
    private final List<Row> rows;

    private Perplexity(Artifact artifact, List<Row> rows) {
        this.artifact = artifact;
        this.rows = List.copyOf(rows);
    }

    /** The artifact these numbers were read from (null while it is being computed). */
    public Artifact artifact() {
        return artifact;
    }

    static Artifacts.Step step(ContinuedPretrainingSpec.HeldOut heldOut, PretrainedModel base, PretrainedModel cpt, Artifact split) {
        return Artifacts.Step.of(KIND, heldOut).input("base", base.artifact()).input("continued", cpt.artifact())
                .input("danish", split).producer(work -> {
                    Map<String, List<String>> texts = heldOutTexts(work.input("danish").file(HeldOutSplit.HELD_OUT), heldOut.documentsPerSource());
                    List<Row> rows = new ArrayList<>();
                    rows.addAll(score(0, "base", new PretrainedModel(work.input("base")).finalCheckpoint(), texts, heldOut.maxTokens()));
                    for (Path ckpt : new PretrainedModel(work.input("continued")).checkpoints()) {
                        long step = Long.parseLong(ckpt.getFileName().toString().replace("step-", ""));
                        rows.addAll(score(step, ckpt.getFileName().toString(), ckpt, texts, heldOut.maxTokens()));
                    }
                    write(work.dir().resolve(FILE), rows);
                    Perplexity p = new Perplexity(null, rows);
                    return Map.of("base_perplexity", p.at(0, "all"), "final_perplexity", p.at(p.lastStep(), "all"),
                            "final_step", p.lastStep(), "checkpoints", p.steps().size());
                });
    }

    /** Reads {@code perplexity.csv} of a perplexity artifact. */
    public static Perplexity of(Artifact a) {
        Path f = a.file(FILE);
        List<Row> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(f);
            if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
                throw new BadInputException(f, "expected the header " + HEADER);
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] c = lines.get(i).split(",", -1);
                if (c.length != 7) {
                    throw new BadInputException(f, "line " + (i + 1) + ": expected 7 fields, got " + c.length);
                }
                rows.add(new Row(Long.parseLong(c[0]), c[1], c[2], Integer.parseInt(c[3]), Long.parseLong(c[4]),
                        Double.parseDouble(c[5]), Double.parseDouble(c[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        return new Perplexity(a, rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The steps measured, base (0) first. */
    public List<Long> steps() {
        return rows.stream().map(Row::step).distinct().sorted().toList();
    }

    public long lastStep() {
        return steps().getLast();
    }

    /** The sources measured (without "all"). */
    public List<String> sources() {
        return rows.stream().map(Row::source).filter(s -> !s.equals("all")).distinct().sorted().toList();
    }

    /** The steps as numbers, for a figure's x axis. */
    public double[] stepValues() {
        return steps().stream().mapToDouble(Long::doubleValue).toArray();
    }

    /** Perplexity on {@code source} ("all": pooled) at each of {@link #steps()}. */
    public double[] series(String source) {
        return steps().stream().mapToDouble(s -> at(s, source)).toArray();
    }

    /** Perplexity at {@code step} on {@code source} ("all": pooled). */
    public double at(long step, String source) {
        return rows.stream().filter(r -> r.step() == step && r.source().equals(source)).mapToDouble(Row::perplexity)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no perplexity at step " + step + " for " + source));
    }

    /** The perplexities as a table: one row per step and source. */
    public Table table() {
        return Table.create("held-out Danish perplexity per source and step",
                LongColumn.create("step", rows.stream().mapToLong(Row::step).toArray()),
                StringColumn.create("source", rows.stream().map(Row::source).toList()),
                IntColumn.create("documents", rows.stream().mapToInt(Row::documents).toArray()),
                LongColumn.create("tokens", rows.stream().mapToLong(Row::tokens).toArray()),
                DoubleColumn.create("perplexity", rows.stream().mapToDouble(r -> Math.round(r.perplexity() * 100) / 100.0).toArray()));
    }

    /** Per source, the first {@code n} held-out documents' texts. */
    static Map<String, List<String>> heldOutTexts(Path dir, int n) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var e : TrainingData.Mix.corpusFiles(dir).entrySet()) {
            try (Stream<Document> docs = CorpusParquetReader.read(e.getValue())) {
                List<String> t = docs.limit(n).map(Document::text).toList();
                if (!t.isEmpty()) {
                    out.put(e.getKey(), t);
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(dir, "no held-out documents to score");
        }
        return out;
    }

    static List<Row> score(long step, String name, Path checkpoint, Map<String, List<String>> texts, int maxTokens) {
        List<Row> rows = new ArrayList<>();
        double allNll = 0;
        long allTokens = 0;
        int allDocs = 0;
        try (HfModel m = HfModel.open(checkpoint)) {
            for (var e : texts.entrySet()) {
                double nll = 0;
                long tokens = 0;
                for (String text : e.getValue()) {
                    long[] ids = m.tokenizer().encodeWithSpecialTokens(text);
                    ids = Arrays.copyOf(ids, Math.min(ids.length, maxTokens));
                    if (ids.length < 2) {
                        continue;
                    }
                    TokenScorer.Scores s = TokenScorer.score(m.model(), ids);
                    for (int i = 1; i < ids.length; i++) {
                        nll -= s.logProbs()[i];
                    }
                    tokens += ids.length - 1;
                }
                if (tokens == 0 || !Double.isFinite(nll)) {
                    throw new IllegalStateException(checkpoint + ": perplexity on " + e.getKey() + " is not finite ("
                            + tokens + " tokens, summed NLL " + nll + ")");
                }
                rows.add(new Row(step, name, e.getKey(), e.getValue().size(), tokens, nll / tokens, Math.exp(nll / tokens)));
                allNll += nll;
                allTokens += tokens;
                allDocs += e.getValue().size();
            }
        }
        rows.add(new Row(step, name, "all", allDocs, allTokens, allNll / allTokens, Math.exp(allNll / allTokens)));
        return rows;
    }

    static void write(Path f, List<Row> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%d,%.17g,%.17g%n", r.step(), r.checkpoint(), r.source(),
                    r.documents(), r.tokens(), r.nll(), r.perplexity()));
        }
        dk.snaklib.util.AtomicFiles.writeString(f, sb.toString());
    }
}
