package dk.snaklib.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link BpeModel} in Hugging Face's {@code tokenizer.json} layout, as {@code tokenizers} itself saves a
 * byte-level BPE (GPT-2 / RoBERTa style): no normalizer, ByteLevel pre-tokenizer and decoder, a BPE model with
 * {@code vocab} and {@code merges}, and the special tokens as added tokens.
 *
 * <p>Merges are written as {@code "left right"} strings: every tokenizers version reads that form (newer ones
 * also read pairs), and byte-level tokens never contain a space. The post-processor adds the first special
 * token (BOS) in front, as Llama-2's tokenizer does, so {@code tokenizer(text)} in Python behaves like Llama's;
 * {@link HfTokenizer} itself never asks for special tokens and adds BOS only on request.
 */
final class TokenizerJson {
    private TokenizerJson() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static String write(BpeModel model) {
        ObjectNode root = F.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < model.specialTokens().size(); id++) {
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", model.specialTokens().get(id));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false, true));
        root.set("post_processor", model.specialTokens().isEmpty() ? F.nullNode() : bosTemplate(model.specialTokens().get(0)));
        root.set("decoder", byteLevel(true, true));
        root.set("model", bpe(model));
        try {
            // One space after ':' like serde's pretty printer, two-space indent, '\n' line ends on every OS.
            var printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode n = F.objectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", addPrefixSpace);
        n.put("trim_offsets", trimOffsets);
        n.put("use_regex", true);
        return n;
    }

    /** Llama-2's template: {@code <s> $A} for one sequence, {@code <s> $A <s> $B} for a pair. */
    private static ObjectNode bosTemplate(String bos) {
        ObjectNode n = F.objectNode();
        n.put("type", "TemplateProcessing");
        ArrayNode single = n.putArray("single");
        single.add(piece("SpecialToken", bos, 0));
        single.add(piece("Sequence", "A", 0));
        ArrayNode pair = n.putArray("pair");
        pair.add(piece("SpecialToken", bos, 0));
        pair.add(piece("Sequence", "A", 0));
        pair.add(piece("SpecialToken", bos, 1));
        pair.add(piece("Sequence", "B", 1));
        ObjectNode special = n.putObject("special_tokens").putObject(bos);
        special.put("id", bos);
        special.putArray("ids").add(0);
        special.putArray("tokens").add(bos);
        return n;
    }

    private static ObjectNode piece(String kind, String id, int typeId) {
        ObjectNode n = F.objectNode();
        ObjectNode inner = n.putObject(kind);
        inner.put("id", id);
        inner.put("type_id", typeId);
        return n;
    }

    private static ObjectNode bpe(BpeModel model) {
        ObjectNode n = F.objectNode();
        n.put("type", "BPE");
        n.putNull("dropout");
        n.putNull("unk_token");
        n.putNull("continuing_subword_prefix");
        n.putNull("end_of_word_suffix");
        n.put("fuse_unk", false);
        n.put("byte_fallback", false);
        n.put("ignore_merges", false);
        ObjectNode vocab = n.putObject("vocab");
        for (int id = 0; id < model.vocab().size(); id++) {
            vocab.put(model.vocab().get(id), id);
        }
        ArrayNode merges = n.putArray("merges");
        for (BpeModel.Merge m : model.merges()) {
            merges.add(m.left() + " " + m.right());
        }
        return n;
    }
}
