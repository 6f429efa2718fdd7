package dk.snaklib.tune;

import dk.snaklib.util.PythonRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Packing as TRL's {@code ConstantLengthDataset} did it for the study ({@code SFTTrainer(packing=True)}): texts
 * are gathered into a buffer until it holds {@link PackingConfig#maxBufferChars()} characters; each text is
 * tokenized with the tokenizer's special tokens (Llama's BOS) and gets EOS appended; the buffer's tokens are
 * concatenated and cut into {@code seqLength} chunks, the last partial chunk of each buffer dropped; the chunks
 * are shuffled. No attention mask separates the examples inside a chunk. Labels follow {@link LossMask}.
 *
 * <p>Lazy: one buffer is in memory at a time, so a 3.7M-pair set streams. Both shuffles draw, in TRL's order,
 * from one {@link PythonRandom} seeded once, as TRL's draw from Python's global {@code random}.
 */
public final class ConstantLengthPacker {
    private final PackingConfig config;
    private final ExampleTokenizer tokenizer;
    private final int eosId;
    private long examples;
    private long buffers;
    private long tokens;
    private long chunks;
    private long droppedTokens;

    /** @param eosId the token appended after each example (TRL's {@code concat_token_id}: the tokenizer's EOS) */
    public ConstantLengthPacker(PackingConfig config, ExampleTokenizer tokenizer, int eosId) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.eosId = eosId;
    }

    /** The chunks of {@code source}, buffer by buffer. */
    public Iterator<PackedChunk> pack(Iterator<FormattedExample> source) {
        PythonRandom rng = new PythonRandom(config.seed());
        return new Iterator<>() {
            private final ArrayDeque<PackedChunk> ready = new ArrayDeque<>();
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && more) {
                    more = fillBuffer(source, rng, ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public PackedChunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    /** All chunks of a list of examples. */
    public List<PackedChunk> packAll(List<FormattedExample> source) {
        List<PackedChunk> out = new ArrayList<>();
        pack(source.iterator()).forEachRemaining(out::add);
        return out;
    }

    /** Reads one buffer, packs it into {@code out}; false once the source is exhausted. */
    private boolean fillBuffer(Iterator<FormattedExample> source, PythonRandom rng, ArrayDeque<PackedChunk> out) {
        List<FormattedExample> buffer = new ArrayList<>();
        long chars = 0;
        boolean more = true;
        while (chars < config.maxBufferChars()) {
            if (!source.hasNext()) {
                more = false;
                break;
            }
            FormattedExample f = source.next();
            buffer.add(f);
            chars += f.pythonLength();
        }
        if (config.shuffle() && config.shuffleBufferTexts()) {
            rng.shuffle(buffer);
        }
        List<TokenizedExample> tokenized = buffer.isEmpty() ? List.of() : tokenizer.tokenize(buffer);
        if (tokenized.size() != buffer.size()) {
            throw new IllegalStateException("tokenizer returned " + tokenized.size() + " examples for " + buffer.size());
        }
        int total = 0;
        for (TokenizedExample t : tokenized) {
            total = Math.addExact(total, t.ids().length + 1);
        }
        int[] ids = new int[total];
        int[] labels = new int[total];
        int at = 0;
        for (TokenizedExample t : tokenized) {
            for (int i = 0; i < t.ids().length; i++, at++) {
                ids[at] = t.ids()[i];
                labels[at] = label(t.ids()[i], t.answer()[i]);
            }
            ids[at] = eosId;
            labels[at++] = config.lossMask() == LossMask.WHOLE_SEQUENCE_EOS_MASKED ? PackedChunk.IGNORE : eosId;
        }
        int seq = config.seqLength();
        List<PackedChunk> packed = new ArrayList<>(total / seq);
        for (int start = 0; start + seq <= total; start += seq) {
            packed.add(new PackedChunk(java.util.Arrays.copyOfRange(ids, start, start + seq),
                    java.util.Arrays.copyOfRange(labels, start, start + seq)));
        }
        if (config.shuffle()) {
            rng.shuffle(packed);
        }
        examples += buffer.size();
        buffers += buffer.isEmpty() ? 0 : 1; // TRL also ends on an empty buffer when the source ends at a boundary
        tokens += total;
        chunks += packed.size();
        droppedTokens += total % seq;
        out.addAll(packed);
        return more;
    }

    private int label(int id, boolean answer) {
        return switch (config.lossMask()) {
            case WHOLE_SEQUENCE -> id;
            // the collator masks every position equal to pad_token_id, and pad = eos: an EOS inside a text too
            case WHOLE_SEQUENCE_EOS_MASKED -> id == eosId ? PackedChunk.IGNORE : id;
            case ANSWER_ONLY -> answer ? id : PackedChunk.IGNORE;
        };
    }

    /** Counts so far: examples read, buffers packed, tokens (EOS included), chunks made, remainder tokens dropped. */
    public Stats stats() {
        return new Stats(examples, buffers, tokens, chunks, droppedTokens);
    }

    public record Stats(long examples, long buffers, long tokens, long chunks, long droppedTokens) {}
}
