package dk.snaklib.experiment;

import dk.snaklib.tokenizer.BpeTrainer;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.tokenizer.TextDocuments;
import dk.snaklib.tokenizer.TokenShards;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns text files into what the pre-training loop reads: a tokenizer (trained here unless one is given) and
 * packed token shards, both kept in the run folder so that a resumed run finds them and does not redo them.
 */
public final class PretrainData {
    /** The tokenizer file and the shard folder of a run. */
    public record Prepared(Path tokenizerJson, Path shardsDir) {}

    private PretrainData() {}

    public static Prepared prepare(Preset preset, List<Path> texts, Path givenTokenizer, Path runDir, PrintStream log) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no text to train on: pass --text FILE... or --shards DIR");
        }
        for (Path t : texts) {
            if (!Files.isRegularFile(t)) {
                throw new IllegalArgumentException("text file " + t + " does not exist");
            }
        }
        Path tokenizer = givenTokenizer;
        if (tokenizer == null) {
            tokenizer = runDir.resolve("tokenizer/tokenizer.json");
            if (Files.exists(tokenizer)) {
                log.println("snak: reusing " + tokenizer);
            } else {
                log.printf("snak: training a %d-token BPE tokenizer on %s%n", preset.vocabSize(), texts);
                BpeTrainer trainer = BpeTrainer.builder().vocabSize(preset.vocabSize()).showProgress(true).build();
                trainer.train(documents(texts, preset.maxTextBytes()).iterator(), texts.toString()).save(tokenizer);
            }
        }
        Path shards = runDir.resolve("shards");
        if (Files.exists(shards.resolve("meta.json"))) {
            log.println("snak: reusing token shards in " + shards);
        } else {
            try (HfTokenizer tok = HfTokenizer.load(tokenizer)) {
                Iterator<String> docs = documents(texts, preset.maxTextBytes()).iterator();
                TokenShards.writer(tok).seqLen(preset.seqLen()).valFraction(preset.valFraction())
                        .seed(preset.train().seed()).showProgress(true).write(docs, texts.toString(), shards);
            }
        }
        return new Prepared(tokenizer, shards);
    }

    /** The documents of the files, stopping after about {@code maxBytes} characters (0 = all; the first document always counts). */
    static Stream<String> documents(List<Path> files, long maxBytes) {
        Stream<String> all = TextDocuments.stream(files);
        if (maxBytes <= 0) {
            return all;
        }
        long[] seen = {0};
        return all.takeWhile(d -> (seen[0] += d.length()) <= maxBytes || seen[0] == d.length());
    }
}
