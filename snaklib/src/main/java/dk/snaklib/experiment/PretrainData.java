package dk.snaklib.experiment;

import dk.snaklib.corpus.Document;
import dk.snaklib.tokenizer.BpeTrainer;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.tokenizer.TokenShards;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Turns {@link TrainingData} into what the pre-training loop reads: a tokenizer (trained here unless one is given)
 * and packed token shards, both kept in the run folder so that a resumed run finds them and does not redo them.
 * Text files, a corpus folder and a mixture all take this one path (documents -> tokenizer -> shards with tokens
 * per source in meta.json); already packed shards are used as they are.
 */
public final class PretrainData {
    /** The tokenizer file and the shard folder of a run. */
    public record Prepared(Path tokenizerJson, Path shardsDir) {}

    private PretrainData() {}

    /** Prepares {@code data} for {@code preset} in {@code runDir}; a null tokenizer is trained on the data. */
    public static Prepared prepare(Preset preset, TrainingData data, Path givenTokenizer, Path runDir, PrintStream log) {
        data.validate();
        if (data instanceof TrainingData.Shards shards) {
            if (givenTokenizer == null) {
                throw new IllegalArgumentException("token shards " + shards.dir() + " need the tokenizer they were packed with");
            }
            return new Prepared(givenTokenizer, shards.dir());
        }
        Path tokenizer = givenTokenizer;
        if (tokenizer == null) {
            tokenizer = runDir.resolve("tokenizer/tokenizer.json");
            if (Files.exists(tokenizer)) {
                log.println("snak: reusing " + tokenizer);
            } else {
                if (preset.vocabSize() < 1) {
                    throw new IllegalArgumentException("preset " + preset.name() + " trains no tokenizer (vocab_size 0): "
                            + "give a tokenizer, or a checkpoint folder with tokenizer.json");
                }
                log.printf("snak: training a %d-token BPE tokenizer on %s%n", preset.vocabSize(), data.describe());
                BpeTrainer trainer = BpeTrainer.builder().vocabSize(preset.vocabSize()).showProgress(true).build();
                try (Stream<String> texts = capped(data.documents(), preset.maxTextBytes()).map(Document::text)) {
                    trainer.train(texts.iterator(), data.describe()).save(tokenizer);
                }
            }
        }
        Path shards = runDir.resolve("shards");
        if (Files.exists(shards.resolve("meta.json"))) {
            log.println("snak: reusing token shards in " + shards);
        } else {
            try (HfTokenizer tok = HfTokenizer.load(tokenizer);
                 Stream<Document> docs = capped(data.documents(), preset.maxTextBytes())) {
                TokenShards.writer(tok).seqLen(preset.seqLen()).valFraction(preset.valFraction())
                        .seed(preset.train().seed()).tokenBudgets(data.tokenBudgets()).showProgress(true)
                        .writeDocuments(docs.iterator(), data.describe(), shards);
            }
        }
        return new Prepared(tokenizer, shards);
    }

    /** The documents, stopping after about {@code maxChars} characters (0 = all; the first document always counts). */
    static Stream<Document> capped(Stream<Document> all, long maxChars) {
        if (maxChars <= 0) {
            return all;
        }
        long[] seen = {0};
        return all.takeWhile(d -> (seen[0] += d.text().length()) <= maxChars || seen[0] == d.text().length());
    }
}
