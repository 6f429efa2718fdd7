package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.Document;
import dk.snaklib.tokenizer.BpeModel;
import dk.snaklib.tokenizer.BpeTrainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A byte-level BPE tokenizer trained on the English base corpus ({@code tokenizer}: {@code tokenizer.json}), with the
 * preset's vocabulary size and text cap: the stand-in for Llama-2's English-heavy tokenizer.
 */
final class TokenizerArtifact {
    static final String KIND = "tokenizer";
    static final String FILE = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerArtifact() {}

    static Artifacts.Step step(Project project, List<Path> files, int vocabSize, long minFrequency, long maxTextBytes) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("vocab_size", vocabSize);
        spec.put("min_frequency", minFrequency);
        spec.put("max_text_bytes", maxTextBytes);
        spec.put("special_tokens", String.join(" ", BpeTrainer.DEFAULT_SPECIAL_TOKENS));
        spec.set("files", files(project, files));
        return Artifacts.Step.of(KIND, spec).producer(work -> {
            BpeTrainer trainer = BpeTrainer.builder().vocabSize(vocabSize).minFrequency(minFrequency).showProgress(true).build();
            BpeModel model;
            try (Stream<String> texts = PretrainData.capped(TrainingData.files(files).documents(), maxTextBytes).map(Document::text)) {
                model = trainer.train(texts.iterator(), files.size() + " English files");
            }
            model.save(work.dir().resolve(FILE));
            return Map.of("vocab_size", model.vocabSize(), "merges", model.merges().size());
        });
    }

    /** Each file by its project-relative path and SHA-256. */
    static ArrayNode files(Project project, List<Path> files) {
        ArrayNode a = JSON.createArrayNode();
        for (Path f : files) {
            a.addObject().put("path", project.relative(f)).put("sha256", FileHashes.sha256(f));
        }
        return a;
    }
}
