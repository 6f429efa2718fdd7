package dk.snaklib.experiment;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.corpus.pipeline.Mixture;
import dk.snaklib.tokenizer.TextDocuments;
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
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a pre-training run reads, before it becomes token shards. Every kind yields {@link Document}s whose source
 * is counted in the shards' meta.json, so text files, a corpus folder and a mixture take one path into training.
 * <pre>{@code
 * TrainingData.files(List.of(Path.of("my.jsonl.gz")))                 // .txt / .jsonl (compressed or not) / corpus .parquet
 * TrainingData.corpus(Path.of("runs/corpus/bundled-study"))           // a corpus pipeline's output: every source once
 * TrainingData.mixture(dir, Map.of("manpages", 2.0, "gimp-help", 0.5))   // weights per source (0: leave out)
 * TrainingData.leaveOneOut(dir, "manpages").withTokenBudgets(Map.of("gimp-help", 100_000L))
 * }</pre>
 */
public sealed interface TrainingData {

    /** Fails now, naming the file or source, if the data cannot be read (before any long work starts). */
    void validate();

    /** The documents, in training order; close the stream. */
    Stream<Document> documents();

    /** Every input file (for the run record's hashes), in a stable order. */
    List<Path> inputFiles();

    /** Per source, the most tokens to pack (empty: no budgets). */
    default Map<String, Long> tokenBudgets() {
        return Map.of();
    }

    /** One line for logs. */
    String describe();

    /** Text files (.txt with blank-line documents, .jsonl with "text", optionally compressed) or corpus Parquet files. */
    static Files files(List<Path> files) {
        return new Files(files);
    }

    /** A corpus pipeline's output folder (or its corpus/ subfolder): every source with weight 1. */
    static Mix corpus(Path dir) {
        return new Mix(dir, null, 0, Map.of());
    }

    /** A mixture of a corpus folder's sources: weight per source name (2 repeats, 0.5 halves, absent or 0 leaves out). */
    static Mix mixture(Path dir, Map<String, Double> weights) {
        return new Mix(dir, weights, 0, Map.of());
    }

    /** Every source of a corpus folder once except {@code left}: the study's leave-one-out ablation. */
    static Mix leaveOneOut(Path dir, String left) {
        Map<String, Double> w = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(Mix.corpusFiles(dir).keySet());
        if (!all.contains(left)) {
            throw new BadInputException(dir, "cannot leave out source " + left + ": the corpus has " + all);
        }
        all.forEach(s -> w.put(s, s.equals(left) ? 0.0 : 1.0));
        return new Mix(dir, w, 0, Map.of());
    }

    /** Already packed token shards: nothing is read or packed (give the tokenizer they were made with). */
    static Shards shards(Path dir) {
        return new Shards(dir);
    }

    /** Text or corpus Parquet files, read one after the other; a text file's source is its name, a Parquet row's its source column. */
    record Files(List<Path> files) implements TrainingData {
        public Files {
            files = List.copyOf(files);
        }

        @Override
        public void validate() {
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no text to train on: give text files, a corpus folder or a mixture");
            }
            for (Path f : files) {
                if (!java.nio.file.Files.isRegularFile(f)) {
                    throw new BadInputException(f, "text file does not exist");
                }
            }
            // an unknown extension fails here, before anything is read
            try (Stream<Document> s = TextDocuments.documents(files.stream().filter(f -> !isParquet(f)).toList())) {
                s.close();
            }
        }

        @Override
        public Stream<Document> documents() {
            List<Stream<Document>> parts = new ArrayList<>();
            List<Path> run = new ArrayList<>();
            for (Path f : files) {
                if (isParquet(f)) {
                    if (!run.isEmpty()) {
                        parts.add(TextDocuments.documents(List.copyOf(run)));
                        run.clear();
                    }
                    parts.add(CorpusParquetReader.read(f));
                } else {
                    run.add(f);
                }
            }
            if (!run.isEmpty()) {
                parts.add(TextDocuments.documents(List.copyOf(run)));
            }
            // concat, not flatMap: pulled through an iterator, flatMap would buffer a whole file
            return parts.stream().reduce(Stream.empty(), Stream::concat);
        }

        @Override
        public List<Path> inputFiles() {
            return files;
        }

        @Override
        public String describe() {
            return files.size() == 1 ? files.getFirst().toString() : files.size() + " files " + files;
        }
    }

    /**
     * A corpus folder's Parquet files mixed by {@link Mixture}: weights per source (null: every source once), the
     * mixture's seed (0: the run's seed), and token budgets per source.
     */
    record Mix(Path dir, Map<String, Double> weights, long seed, Map<String, Long> tokenBudgets) implements TrainingData {
        public Mix {
            weights = weights == null ? null : Map.copyOf(new TreeMap<>(weights));
            tokenBudgets = Map.copyOf(tokenBudgets);
        }

        /** The same mixture with at most {@code budgets} tokens (EOS included) from the named sources. */
        public Mix withTokenBudgets(Map<String, Long> budgets) {
            return new Mix(dir, weights, seed, budgets);
        }

        /** The same mixture shuffled with another seed. */
        public Mix withSeed(long s) {
            return new Mix(dir, weights, s, tokenBudgets);
        }

        /** The weights in force: every source once when none were given. */
        public Map<String, Double> effectiveWeights() {
            if (weights != null) {
                return weights;
            }
            Map<String, Double> w = new TreeMap<>();
            corpusFiles(dir).keySet().forEach(s -> w.put(s, 1.0));
            return w;
        }

        @Override
        public void validate() {
            Map<String, Path> files = corpusFiles(dir);
            for (String s : effectiveWeights().keySet()) {
                if (!files.containsKey(s)) {
                    throw new BadInputException(dir, "mixture names source \"" + s + "\", but the corpus has only " + files.keySet());
                }
            }
            effectiveWeights().forEach((s, w) -> {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("mixture weight of " + s + " must be a finite number >= 0, got " + w);
                }
            });
            if (effectiveWeights().values().stream().allMatch(w -> w == 0)) {
                throw new IllegalArgumentException("mixture of " + dir + " leaves out every source: " + effectiveWeights());
            }
            for (String s : tokenBudgets.keySet()) {
                if (effectiveWeights().getOrDefault(s, 0.0) == 0) {
                    throw new IllegalArgumentException("token budget for source " + s + ", which the mixture leaves out");
                }
            }
        }

        @Override
        public Stream<Document> documents() {
            return Mixture.of(corpusFiles(dir), new Mixture.Spec(effectiveWeights(), seed)).stream();
        }

        @Override
        public List<Path> inputFiles() {
            Map<String, Path> files = corpusFiles(dir);
            return effectiveWeights().entrySet().stream().filter(e -> e.getValue() > 0).map(e -> files.get(e.getKey())).toList();
        }

        @Override
        public String describe() {
            return "mixture of " + dir + " " + effectiveWeights() + (tokenBudgets.isEmpty() ? "" : " token budgets " + tokenBudgets);
        }

        /** Source name -> Parquet file of a corpus pipeline's output folder ({@code DIR/corpus/SOURCE.parquet}) or of {@code DIR} itself. */
        public static Map<String, Path> corpusFiles(Path dir) {
            Path corpus = java.nio.file.Files.isDirectory(dir.resolve("corpus")) ? dir.resolve("corpus") : dir;
            if (!java.nio.file.Files.isDirectory(corpus)) {
                throw new BadInputException(dir, "corpus folder does not exist");
            }
            Map<String, Path> out = new TreeMap<>();
            try (Stream<Path> s = java.nio.file.Files.list(corpus)) {
                s.filter(TrainingData::isParquet).forEach(p -> {
                    String name = p.getFileName().toString();
                    out.put(name.substring(0, name.length() - ".parquet".length()), p);
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + corpus, e);
            }
            if (out.isEmpty()) {
                throw new BadInputException(corpus, "no SOURCE.parquet corpus files (is this a `snak corpus run` output folder?)");
            }
            return out;
        }
    }

    /** Packed token shards made earlier (train.bin, val.bin, meta.json). */
    record Shards(Path dir) implements TrainingData {
        @Override
        public void validate() {
            if (!java.nio.file.Files.isRegularFile(dir.resolve("meta.json"))) {
                throw new BadInputException(dir, "not a token shard folder: meta.json missing");
            }
        }

        @Override
        public Stream<Document> documents() {
            throw new UnsupportedOperationException("token shards are already packed");
        }

        @Override
        public List<Path> inputFiles() {
            return Stream.of("meta.json", "train.bin", "val.bin").map(dir::resolve).toList();
        }

        @Override
        public String describe() {
            return "token shards " + dir;
        }
    }

    private static boolean isParquet(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }
}
