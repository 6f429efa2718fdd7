package dk.snaklib.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Textbook BPE training that recounts every pair before each merge: slow, obviously right, for comparison. */
final class NaiveBpe {
    private NaiveBpe() {}

    static List<BpeModel.Merge> merges(List<String> docs, List<String> specials, int vocabSize, long minFrequency) {
        Map<String, Long> wordCounts = new HashMap<>();
        for (String doc : docs) {
            BpeEncoder.splitOnSpecials(doc, specials, s -> {}, plain -> {
                for (String w : ByteLevel.split(plain)) {
                    wordCounts.merge(w, 1L, Long::sum);
                }
            });
        }
        List<String> vocab = new ArrayList<>(specials);
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(ByteLevel.charOf(b)));
        }
        List<List<Integer>> words = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        wordCounts.forEach((w, c) -> {
            List<Integer> symbols = new ArrayList<>();
            for (byte b : w.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                symbols.add(specials.size() + (b & 0xFF));
            }
            words.add(symbols);
            counts.add(c);
        });
        List<BpeModel.Merge> merges = new ArrayList<>();
        while (vocab.size() < vocabSize) {
            Map<Long, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<Integer> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) {
                    pairs.merge(BpeEncoder.key(s.get(i), s.get(i + 1)), counts.get(w), Long::sum);
                }
            }
            long best = -1;
            long bestCount = 0;
            for (var e : pairs.entrySet()) {
                long c = e.getValue();
                if (c > bestCount || (c == bestCount && Long.compareUnsigned(e.getKey(), best) < 0)) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            if (bestCount < Math.max(1, minFrequency)) {
                break;
            }
            int a = (int) (best >>> 32);
            int b = (int) best;
            merges.add(new BpeModel.Merge(vocab.get(a), vocab.get(b)));
            String merged = vocab.get(a) + vocab.get(b);
            int c = vocab.indexOf(merged);
            if (c < 0) {
                vocab.add(merged);
                c = vocab.size() - 1;
            }
            for (List<Integer> s : words) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i) == a && s.get(i + 1) == b) {
                        s.set(i, c);
                        s.remove(i + 1);
                    }
                }
            }
        }
        return merges;
    }
}
