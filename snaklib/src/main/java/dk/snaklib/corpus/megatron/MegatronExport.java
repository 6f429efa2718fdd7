package dk.snaklib.corpus.megatron;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Corpus Parquet files -> a Megatron-LM indexed dataset, tokenized with a Hugging Face {@code tokenizer.json}
 * (the study: the Llama-2 tokenizer, one document per sequence, an end-of-document token appended).
 * Entry point for {@code snak export megatron}.
 */
public final class MegatronExport {
    private MegatronExport() {}

    /** What an export wrote: the document count (64-bit) and the two files. */
    public record Result(long documents, Path bin, Path idx) {}

    /** Megatron's preprocess_data.py name for an output prefix: {@code {prefix}_text_document} (key "text"). */
    public static Path datasetPrefix(Path outputPrefix) {
        return Path.of(outputPrefix + "_text_document");
    }

    /** Exports to {@link #datasetPrefix}{@code (outputPrefix)}.bin/.idx, as Megatron's own tool names them. */
    public static Result run(List<Path> corpusFiles, Path tokenizerJson, Path outputPrefix, int vocabSize, int eosId) {
        return runTo(corpusFiles, tokenizerJson, datasetPrefix(outputPrefix), vocabSize, eosId);
    }

    /**
     * @param vocabSize the tokenizer's vocabulary size (32,000 for Llama-2): picks uint16 or int32 tokens
     * @param eosId     token appended to every document (Llama-2: 2), or -1 for none
     * @return the number of documents and the files written, {@code datasetPrefix}.bin and .idx exactly
     */
    public static Result runTo(List<Path> corpusFiles, Path tokenizerJson, Path datasetPrefix, int vocabSize, int eosId) {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false).optTruncation(false).build();
                MegatronWriter w = new MegatronWriter(datasetPrefix, MegatronDtype.forVocabulary(vocabSize))) {
            for (Path f : corpusFiles) {
                try (Stream<Document> docs = CorpusParquetReader.read(f)) {
                    docs.forEach(d -> {
                        Encoding e = tok.encode(d.text());
                        long[] ids = e.getIds();
                        int[] tokens = new int[ids.length + (eosId >= 0 ? 1 : 0)];
                        for (int i = 0; i < ids.length; i++) {
                            tokens[i] = Math.toIntExact(ids[i]);
                        }
                        if (eosId >= 0) {
                            tokens[ids.length] = eosId;
                        }
                        w.add(tokens);
                    });
                }
            }
            w.finish();
            return new Result(w.documents(), w.binFile(), w.idxFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
        }
    }
}
