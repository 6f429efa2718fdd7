package dk.snaklib.corpus.megatron;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.util.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Corpus Parquet files -> the JSON lines Megatron-LLM's {@code tools/preprocess_data.py --input} reads: one
 * {@code {"text": ...}} object per document (its default {@code --json_keys text}), in corpus order. For when only
 * Llama-2's tokenizer.model is at hand and Megatron-LLM tokenizes ({@link MegatronExport} needs a tokenizer.json).
 * Written to a temporary file and renamed, so a crash leaves no half file under the real name.
 */
public final class MegatronJsonl {
    private MegatronJsonl() {}

    /** @return the number of documents written */
    public static long write(List<Path> corpusFiles, Path out) {
        JsonFactory json = new JsonFactory();
        long n = 0;
        Path tmp = null;
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            tmp = AtomicFiles.tempSibling(out);
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                for (Path f : corpusFiles) {
                    try (Stream<Document> docs = CorpusParquetReader.read(f)) {
                        for (Document d : (Iterable<Document>) docs::iterator) {
                            try (JsonGenerator g = json.createGenerator(w)) {
                                g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                                g.writeStartObject();
                                g.writeStringField("text", d.text());
                                g.writeEndObject();
                            }
                            w.write('\n');
                            n++;
                        }
                    }
                }
            }
            AtomicFiles.moveAtomically(tmp, out);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                AtomicFiles.deleteQuietly(tmp);
            }
        }
    }
}
