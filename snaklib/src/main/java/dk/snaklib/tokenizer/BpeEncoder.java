package dk.snaklib.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A plain-Java encoder for a {@link BpeModel}: the reference that DJL's (Rust) tokenizer must agree with, and a
 * way to encode without the native library.
 *
 * <p>It follows Hugging Face's order: special tokens are cut out of the raw text first (leftmost, longest), the
 * rest is split by GPT-2's regex, and each piece is merged from bytes by applying the lowest-ranked merge that
 * applies, everywhere it applies left to right, until none does.
 */
public final class BpeEncoder {
    private final BpeModel model;
    private final Map<String, Integer> idOf = new HashMap<>();
    private final Map<Long, int[]> mergeOf = new HashMap<>(); // (left id, right id) -> {rank, merged id}
    private final Map<String, int[]> cache = new HashMap<>();

    public BpeEncoder(BpeModel model) {
        this.model = model;
        for (int id = 0; id < model.vocab().size(); id++) {
            idOf.putIfAbsent(model.vocab().get(id), id);
        }
        for (int rank = 0; rank < model.merges().size(); rank++) {
            BpeModel.Merge m = model.merges().get(rank);
            int left = idOf.get(m.left());
            int right = idOf.get(m.right());
            mergeOf.putIfAbsent(key(left, right), new int[] {rank, idOf.get(m.left() + m.right())});
        }
    }

    /** Token ids for {@code text}, without adding any special token. */
    public int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        splitOnSpecials(text, model.specialTokens(), special -> ids.add(idOf.get(special)), plain -> {
            for (String word : ByteLevel.split(plain)) {
                for (int id : cache.computeIfAbsent(word, this::mergeWord)) {
                    ids.add(id);
                }
            }
        });
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The text behind ids; invalid UTF-8 (a token cut inside a character) becomes U+FFFD, as in HF. */
    public String decode(int[] ids) {
        var bytes = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            String token = model.vocab().get(id);
            if (id < model.specialTokens().size()) {
                bytes.writeBytes(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                bytes.writeBytes(ByteLevel.decode(token));
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private int[] mergeWord(String word) {
        String chars = ByteLevel.encode(word);
        int[] symbols = new int[chars.length()];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = idOf.get(String.valueOf(chars.charAt(i)));
        }
        int n = symbols.length;
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            long bestPair = 0;
            for (int i = 0; i + 1 < n; i++) {
                int[] m = mergeOf.get(key(symbols[i], symbols[i + 1]));
                if (m != null && m[0] < bestRank) {
                    bestRank = m[0];
                    bestPair = key(symbols[i], symbols[i + 1]);
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            int merged = mergeOf.get(bestPair)[1];
            int out = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && key(symbols[i], symbols[i + 1]) == bestPair) {
                    symbols[out++] = merged;
                    i++;
                } else {
                    symbols[out++] = symbols[i];
                }
            }
            n = out;
        }
        return java.util.Arrays.copyOf(symbols, n);
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /**
     * Cuts {@code text} at occurrences of special tokens (leftmost first, longest on a tie), passing each special
     * token and each stretch of plain text between them, in order, to the two consumers.
     */
    static void splitOnSpecials(String text, List<String> specials, Consumer<String> onSpecial, Consumer<String> onPlain) {
        int pos = 0;
        while (pos < text.length()) {
            int bestAt = -1;
            String best = null;
            for (String s : specials) {
                int at = s.isEmpty() ? -1 : text.indexOf(s, pos);
                if (at >= 0 && (bestAt < 0 || at < bestAt || (at == bestAt && s.length() > best.length()))) {
                    bestAt = at;
                    best = s;
                }
            }
            if (best == null) {
                onPlain.accept(text.substring(pos));
                return;
            }
            if (bestAt > pos) {
                onPlain.accept(text.substring(pos, bestAt));
            }
            onSpecial.accept(best);
            pos = bestAt + best.length();
        }
    }
}
