package dk.snaklib.tokenizer;

import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A SentencePiece {@code tokenizer.model} (Llama-2's; what Megatron-LLM's SentencePieceTokenizer reads through
 * {@code --vocab_file}), read far enough to check it: the pieces of its {@code ModelProto} (field 1, repeated
 * {@code SentencePiece}: field 1 piece, 2 score, 3 type) and the model type of its {@code TrainerSpec} (field 2,
 * field 3: 1 unigram, 2 BPE). Protocol Buffers wire format, read by hand; snaklib does not tokenize with it.
 *
 * @param pieces    the vocabulary in id order
 * @param modelType TrainerSpec.model_type (1 UNIGRAM, 2 BPE, 3 WORD, 4 CHAR), 1 when absent (the proto default)
 */
public record SentencePieceModelFile(List<String> pieces, int modelType) {

    public int vocabSize() {
        return pieces.size();
    }

    public static SentencePieceModelFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read SentencePiece model: " + e.getMessage(), e);
        }
        try {
            return parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        } catch (RuntimeException e) {
            throw new BadInputException(file, "not a SentencePiece model (tokenizer.model): " + e.getMessage(), e);
        }
    }

    static SentencePieceModelFile parse(ByteBuffer in) {
        List<String> pieces = new ArrayList<>();
        int modelType = 1;
        while (in.hasRemaining()) {
            long key = varint(in);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 1 && wire == 2) {
                pieces.add(piece(slice(in)));
            } else if (field == 2 && wire == 2) {
                modelType = trainerModelType(slice(in));
            } else {
                skip(in, wire);
            }
        }
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces (ModelProto field 1)");
        }
        return new SentencePieceModelFile(List.copyOf(pieces), modelType);
    }

    private static String piece(ByteBuffer msg) {
        String piece = null;
        while (msg.hasRemaining()) {
            long key = varint(msg);
            if ((key >>> 3) == 1 && (key & 7) == 2) {
                ByteBuffer s = slice(msg);
                byte[] b = new byte[s.remaining()];
                s.get(b);
                piece = new String(b, StandardCharsets.UTF_8);
            } else {
                skip(msg, (int) (key & 7));
            }
        }
        if (piece == null) {
            throw new IllegalArgumentException("a SentencePiece entry without its piece string");
        }
        return piece;
    }

    private static int trainerModelType(ByteBuffer msg) {
        int type = 1;
        while (msg.hasRemaining()) {
            long key = varint(msg);
            if ((key >>> 3) == 3 && (key & 7) == 0) {
                type = (int) varint(msg);
            } else {
                skip(msg, (int) (key & 7));
            }
        }
        return type;
    }

    private static ByteBuffer slice(ByteBuffer in) {
        long len = varint(in);
        if (len < 0 || len > in.remaining()) {
            throw new IllegalArgumentException("a field of " + len + " bytes at offset " + in.position()
                    + " runs past the end (" + in.remaining() + " bytes left)");
        }
        ByteBuffer s = in.slice(in.position(), (int) len).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + (int) len);
        return s;
    }

    private static void skip(ByteBuffer in, int wire) {
        switch (wire) {
            case 0 -> varint(in);
            case 1 -> in.position(in.position() + 8);
            case 2 -> slice(in);
            case 5 -> in.position(in.position() + 4);
            default -> throw new IllegalArgumentException("wire type " + wire + " at offset " + in.position());
        }
    }

    private static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }
}
