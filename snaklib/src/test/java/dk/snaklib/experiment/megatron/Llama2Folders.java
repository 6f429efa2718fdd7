package dk.snaklib.experiment.megatron;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaTensorNames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test folders shaped like Llama-2-7b-hf without its 13 GB: the model card's config.json, and a model.safetensors
 * whose header lists every tensor at full size over a sparse (all-zero, unallocated) data section, so header checks
 * see the real names and shapes. Also synthetic 32,000-token tokenizer files.
 */
final class Llama2Folders {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Llama-2-7b-hf's config.json as published (meta-llama/Llama-2-7b-hf). */
    static final String CONFIG_7B = """
            {
              "_name_or_path": "meta-llama/Llama-2-7b-hf",
              "architectures": ["LlamaForCausalLM"],
              "bos_token_id": 1,
              "eos_token_id": 2,
              "hidden_act": "silu",
              "hidden_size": 4096,
              "initializer_range": 0.02,
              "intermediate_size": 11008,
              "max_position_embeddings": 4096,
              "model_type": "llama",
              "num_attention_heads": 32,
              "num_hidden_layers": 32,
              "num_key_value_heads": 32,
              "pretraining_tp": 1,
              "rms_norm_eps": 1e-05,
              "rope_scaling": null,
              "tie_word_embeddings": false,
              "torch_dtype": "float16",
              "transformers_version": "4.31.0.dev0",
              "use_cache": true,
              "vocab_size": 32000
            }
            """;

    private Llama2Folders() {}

    static Path llama2(Path dir) throws IOException {
        return folder(dir, CONFIG_7B, Map.of());
    }

    /** A folder with Llama-2-7B's config.json where {@code changes} replace keys, and weights that fit it. */
    static Path folder(Path dir, String config, Map<String, Object> changes) throws IOException {
        Files.createDirectories(dir);
        ObjectNode c = (ObjectNode) JSON.readTree(config);
        changes.forEach((k, v) -> c.set(k, JSON.valueToTree(v)));
        Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c));
        sparseWeights(dir.resolve("model.safetensors"), LlamaConfig.read(dir.resolve("config.json")));
        return dir;
    }

    /** safetensors with F16 tensors of the config's shapes, data left sparse. */
    static void sparseWeights(Path file, LlamaConfig config) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Shape> e : LlamaTensorNames.expected(config).entrySet()) {
            long bytes = e.getValue().size() * 2;
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F16");
            var shape = t.putArray("shape");
            for (long d : e.getValue().getShape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        head.write(json);
        for (int i = json.length; i < padded; i++) {
            head.write(' ');
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(head.toByteArray());
            raf.setLength(8 + padded + offset);
        }
    }

    /** A SentencePiece ModelProto with {@code n} pieces (field 1: SentencePiece{1: piece, 2: score}). */
    static void sentencePiece(Path file, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            byte[] piece = (i == 0 ? "<unk>" : i == 1 ? "<s>" : i == 2 ? "</s>" : "\u2581p" + i).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            msg.write(0x0a);
            varint(msg, piece.length);
            msg.write(piece);
            msg.write(0x15); // field 2, fixed32 score
            msg.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(-i).array());
            out.write(0x0a);
            varint(out, msg.size());
            out.write(msg.toByteArray());
        }
        Files.write(file, out.toByteArray());
    }

    /** A BPE tokenizer.json with {@code n} tokens and no merges (enough for its vocabulary size). */
    static void tokenizerJson(Path file, int n) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putArray("added_tokens");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.put("unk_token", "<unk>");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < n; i++) {
            vocab.put(i == 0 ? "<unk>" : i == 1 ? "<s>" : i == 2 ? "</s>" : "t" + i, i);
        }
        model.putArray("merges");
        Files.writeString(file, JSON.writeValueAsString(root));
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
