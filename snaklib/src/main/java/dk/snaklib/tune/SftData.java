package dk.snaklib.tune;

import dk.snaklib.tokenizer.HfTokenizer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The data of one tuning run, ready for the loop: the training pairs formatted by a template and packed as TRL's
 * {@code ConstantLengthDataset} packs them ({@link ConstantLengthPacker}), and the held-out pairs tokenized one by
 * one for the answer loss ({@link AnswerExample}).
 *
 * @param chunks          the packed training sequences, in training order
 * @param heldOut         the held-out pairs that have at least one answer token within {@code seqLength} tokens
 * @param packing         what packing read, made and dropped
 * @param heldOutSkipped  held-out pairs not scored because their answer starts past {@code seqLength} tokens
 * @param sha256          a fingerprint of every chunk's ids and labels (a resumed run must train on the same data)
 */
public record SftData(List<PackedChunk> chunks, List<AnswerExample> heldOut, ConstantLengthPacker.Stats packing,
                      int heldOutSkipped, String sha256) {

    /** Packs {@code train} and tokenizes {@code heldOut}, both formatted by {@code template}. */
    public static SftData prepare(Iterator<InstructionPair> train, List<InstructionPair> heldOut, PromptTemplate template,
                                  PackingConfig packing, HfTokenizer tokenizer) {
        int eos = tokenizer.requireEosId();
        HfExampleTokenizer examples = new HfExampleTokenizer(tokenizer);
        ConstantLengthPacker packer = new ConstantLengthPacker(packing, examples, eos);
        Iterator<FormattedExample> formatted = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return train.hasNext();
            }

            @Override
            public FormattedExample next() {
                return template.format(train.next());
            }
        };
        List<PackedChunk> chunks = new ArrayList<>();
        packer.pack(formatted).forEachRemaining(chunks::add);

        List<AnswerExample> scored = new ArrayList<>();
        int skipped = 0;
        List<TokenizedExample> tokenized = heldOut.isEmpty() ? List.of()
                : examples.tokenize(heldOut.stream().map(template::format).toList());
        for (TokenizedExample t : tokenized) {
            AnswerExample a = answerExample(t, eos, packing.seqLength());
            if (a == null) {
                skipped++;
            } else {
                scored.add(a);
            }
        }
        return new SftData(List.copyOf(chunks), List.copyOf(scored), packer.stats(), skipped, fingerprint(chunks));
    }

    /**
     * The example with EOS appended and its next-token targets on the answer's tokens only, cut to {@code seqLength}
     * positions; null when no answer token is left within them. The closing EOS is not scored: the study's loss
     * masks every EOS label (pad = eos), so a score that counted it would mostly measure that masking choice.
     */
    static AnswerExample answerExample(TokenizedExample t, int eos, int seqLength) {
        int n = t.ids().length + 1;                       // tokens with the closing EOS
        int[] ids = java.util.Arrays.copyOf(t.ids(), n);
        ids[n - 1] = eos;
        int positions = Math.min(n - 1, seqLength);
        long[] inputs = new long[positions];
        long[] targets = new long[positions];
        int loss = 0;
        for (int p = 0; p < positions; p++) {
            inputs[p] = ids[p];
            boolean answer = p + 1 < n - 1 && t.answer()[p + 1];    // the next token is an answer token (not the EOS)
            targets[p] = answer ? ids[p + 1] : PackedChunk.IGNORE;
            loss += answer ? 1 : 0;
        }
        return loss == 0 ? null : new AnswerExample(inputs, targets, loss);
    }

    /** {@code n} items spread evenly over {@code all} (every one when n is 0 or at least its size), in order. */
    public static <T> List<T> evenlySpaced(List<T> all, int n) {
        if (n <= 0 || n >= all.size()) {
            return all;
        }
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    private static String fingerprint(List<PackedChunk> chunks) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (PackedChunk c : chunks) {
                ByteBuffer b = ByteBuffer.allocate(8 * c.inputIds().length);
                for (int i = 0; i < c.inputIds().length; i++) {
                    b.putInt(c.inputIds()[i]).putInt(c.labels()[i]);
                }
                sha.update(b.array());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
