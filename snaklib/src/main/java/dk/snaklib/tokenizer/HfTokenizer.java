package dk.snaklib.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Any Hugging Face {@code tokenizer.json} (Llama, GPT-2, ours from {@link BpeTrainer}), loaded offline through
 * DJL's binding of the Rust {@code tokenizers} library.
 *
 * <p>{@link #encode(String)} adds no special tokens, whatever the file's post-processor says: packing and
 * prompting decide themselves where BOS and EOS go. DJL exposes no vocabulary, so token/id lookups and the
 * BOS/EOS ids come from reading the JSON ourselves ({@code model.vocab} plus {@code added_tokens}).
 *
 * <pre>{@code
 * try (var tok = HfTokenizer.load(dir)) {
 *     int[] ids = tok.encode("Hej verden", true);   // [bos, ...]
 * }
 * }</pre>
 */
public final class HfTokenizer implements AutoCloseable {
    /** Spellings of BOS and EOS we recognise, in order of preference (Llama-2, Llama-3, GPT-2, Gemma, ...). */
    static final List<String> BOS_NAMES = List.of("<s>", "<|begin_of_text|>", "<bos>", "<|startoftext|>", "<|endoftext|>");
    static final List<String> EOS_NAMES = List.of("</s>", "<|end_of_text|>", "<eos>", "<|endoftext|>", "<|eot_id|>");

    private final Path file;
    private final HuggingFaceTokenizer djl;
    private final Map<String, Integer> idOf;
    private final String[] tokenOf;
    private final List<String> specialTokens;
    private final int bosId;
    private final int eosId;
    private String sha256;

    private HfTokenizer(Path file, HuggingFaceTokenizer djl, Map<String, Integer> idOf, List<String> specialTokens,
                        int bosId, int eosId) {
        this.file = file;
        this.djl = djl;
        this.idOf = idOf;
        this.specialTokens = List.copyOf(specialTokens);
        this.bosId = bosId;
        this.eosId = eosId;
        int size = idOf.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.tokenOf = new String[size];
        idOf.forEach((token, id) -> {
            if (tokenOf[id] == null || specialTokens.contains(token)) {
                tokenOf[id] = token;
            }
        });
    }

    /**
     * Loads {@code tokenizer.json}, given as the file or the folder holding it. BOS/EOS come from a
     * {@code tokenizer_config.json} beside it when that names them, else from well-known spellings.
     */
    public static HfTokenizer load(Path fileOrDir) {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve("tokenizer.json") : fileOrDir;
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "tokenizer file not found");
        }
        JsonNode root = readJson(file);
        Map<String, Integer> idOf = new HashMap<>();
        List<String> specials = new ArrayList<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) { // BPE, WordPiece, WordLevel: {"token": id}
            vocab.properties().forEach(e -> idOf.put(e.getKey(), e.getValue().asInt()));
        } else if (vocab.isArray()) { // Unigram: [["piece", score], ...], id = position
            for (int id = 0; id < vocab.size(); id++) {
                idOf.put(vocab.get(id).path(0).asText(), id);
            }
        } else {
            throw new BadInputException(file, "no model.vocab: not a Hugging Face tokenizer.json");
        }
        for (JsonNode t : root.path("added_tokens")) {
            idOf.put(t.path("content").asText(), t.path("id").asInt());
            if (t.path("special").asBoolean(false)) {
                specials.add(t.path("content").asText());
            }
        }

        HuggingFaceTokenizer djl;
        try {
            // Explicit options: no special tokens, truncation or padding unless we ask per call.
            djl = HuggingFaceTokenizer.newInstance(file, Map.of(
                    "addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "DJL tokenizers cannot load it: " + e.getMessage(), e);
        }
        JsonNode config = readConfig(file.resolveSibling("tokenizer_config.json"));
        int bos = findId(config.path("bos_token"), BOS_NAMES, idOf);
        int eos = findId(config.path("eos_token"), EOS_NAMES, idOf);
        return new HfTokenizer(file, djl, idOf, specials, bos, eos);
    }

    /** Token ids for {@code text}, with no special tokens added. */
    public int[] encode(String text) {
        return encode(text, false);
    }

    /** Token ids for {@code text}, with BOS in front if {@code addBos} (throws if the tokenizer has none). */
    public int[] encode(String text, boolean addBos) {
        long[] ids = encodeLongs(text);
        int offset = addBos ? 1 : 0;
        int[] out = new int[ids.length + offset];
        if (addBos) {
            out[0] = bosId().orElseThrow(() -> new BadInputException(file, "tokenizer has no BOS token; looked for " + BOS_NAMES));
        }
        for (int i = 0; i < ids.length; i++) {
            out[i + offset] = (int) ids[i];
        }
        return out;
    }

    /** Token ids for many texts at once (the Rust side encodes them in parallel), no special tokens added. */
    public int[][] encodeAll(List<String> texts) {
        var encodings = djl.batchEncode(texts, false, false);
        int[][] out = new int[encodings.length][];
        for (int i = 0; i < out.length; i++) {
            long[] ids = encodings[i].getIds();
            out[i] = new int[ids.length];
            for (int j = 0; j < ids.length; j++) {
                out[i][j] = (int) ids[j];
            }
        }
        return out;
    }

    /** Token ids as DJL returns them (int64, ready for an NDArray), no special tokens added. */
    public long[] encodeLongs(String text) {
        return djl.encode(text, false, false).getIds();
    }

    /**
     * Token ids exactly as HF's {@code Tokenizer.encode(text)} gives them from this tokenizer.json: its
     * post-processor applies (a Llama tokenizer adds BOS, ours add nothing).
     */
    public long[] encodeWithSpecialTokens(String text) {
        return djl.encode(text, true, false).getIds();
    }

    /**
     * Ids of each text as {@link #encodeWithSpecialTokens(String)} gives them, with each token's characters:
     * {@code starts[i]} / {@code ends[i]} in UTF-16 units of the text, -1 for tokens the post-processor added (BOS).
     */
    public record Spans(int[] ids, int[] starts, int[] ends) {}

    /** {@link Spans} for many texts at once (encoded in parallel on the Rust side). */
    public List<Spans> encodeWithSpans(List<String> texts) {
        var encodings = djl.batchEncode(texts, true, false);
        List<Spans> out = new ArrayList<>(encodings.length);
        for (int t = 0; t < encodings.length; t++) {
            long[] ids = encodings[t].getIds();
            long[] special = encodings[t].getSpecialTokenMask();
            var spans = encodings[t].getCharTokenSpans();
            int[] idInts = new int[ids.length];
            int[] starts = new int[ids.length];
            int[] ends = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                idInts[i] = (int) ids[i];
                boolean added = special[i] == 1 || spans[i] == null;
                starts[i] = added ? -1 : spans[i].getStart();
                ends[i] = added ? -1 : spans[i].getEnd();
            }
            out.add(new Spans(idInts, starts, ends));
        }
        return out;
    }

    /** The text for {@code ids}; special tokens are kept as their text. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return djl.decode(longs, skipSpecialTokens);
    }

    public String decode(long[] ids) {
        return djl.decode(ids, false);
    }

    /** Number of ids, added tokens included (largest id + 1): the model's embedding rows. */
    public int vocabSize() {
        return tokenOf.length;
    }

    public OptionalInt tokenToId(String token) {
        Integer id = idOf.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public Optional<String> idToToken(int id) {
        return id >= 0 && id < tokenOf.length ? Optional.ofNullable(tokenOf[id]) : Optional.empty();
    }

    public OptionalInt bosId() {
        return bosId < 0 ? OptionalInt.empty() : OptionalInt.of(bosId);
    }

    public OptionalInt eosId() {
        return eosId < 0 ? OptionalInt.empty() : OptionalInt.of(eosId);
    }

    /** EOS id, or a BadInputException naming the file when the tokenizer has none. */
    public int requireEosId() {
        return eosId().orElseThrow(() -> new BadInputException(file, "tokenizer has no end-of-sequence token; looked for "
                + EOS_NAMES + " and tokenizer_config.json eos_token"));
    }

    /** Tokens marked special in {@code added_tokens}. */
    public List<String> specialTokens() {
        return specialTokens;
    }

    /** The tokenizer.json this was loaded from. */
    public Path file() {
        return file;
    }

    /** SHA-256 of the tokenizer.json bytes: identifies the tokenizer in shard metadata and lineage. */
    public synchronized String sha256() {
        if (sha256 == null) {
            sha256 = AtomicFiles.sha256(file);
        }
        return sha256;
    }

    @Override
    public void close() {
        djl.close();
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new BadInputException(file, "not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e, e);
        }
    }

    private static JsonNode readConfig(Path config) {
        if (!Files.isRegularFile(config)) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return readJson(config);
    }

    /** The id of the token a config entry names ("<s>" or {"content": "<s>"}), else of the first known spelling. */
    private static int findId(JsonNode configured, List<String> names, Map<String, Integer> idOf) {
        String name = configured.isTextual() ? configured.asText() : configured.path("content").asText(null);
        if (name != null && idOf.containsKey(name)) {
            return idOf.get(name);
        }
        for (String n : names) {
            if (idOf.containsKey(n)) {
                return idOf.get(n);
            }
        }
        return -1;
    }
}
