package dk.snaklib.tokenizer;

import dk.snaklib.util.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The merge loop of BPE training over a table of distinct words and their counts.
 *
 * <p>Pair counts are kept up to date incrementally: a merge touches only the words that contain its pair (each
 * pair remembers which words it occurs in), and there only the neighbouring pairs change. The most frequent pair
 * comes from a priority queue whose stale entries are fixed when they surface (lazy deletion), so one merge costs
 * about the number of its occurrences, not a pass over the corpus.
 *
 * <p>Ties go to the pair with the smaller left id, then the smaller right id: ids are assigned
 * deterministically, so the same word table always gives the same merges.
 */
final class MergeLearner {
    private final int[][] words;   // symbol ids of each distinct word, merged in place
    private final int[] lengths;   // how many of words[w] are in use
    private final long[] counts;   // how often each word occurs
    private final List<String> vocab = new ArrayList<>();
    private final Map<String, Integer> idOf = new HashMap<>();
    private final List<BpeModel.Merge> merges = new ArrayList<>();
    private final Map<Long, PairStats> pairs = new HashMap<>();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>(Comparator
            .comparingLong(Candidate::count).reversed()
            .thenComparingInt(Candidate::left)
            .thenComparingInt(Candidate::right));
    private final List<Long> raised = new ArrayList<>(); // pairs whose count went up in the current merge
    private int step;

    /** How often a pair occurs, and in which words (a word may be listed more than once, or after it lost it). */
    private static final class PairStats {
        long count;
        int[] words = new int[2];
        int size;
        int raisedAt = -1;

        void addWord(int w) {
            if (size > 0 && words[size - 1] == w) {
                return; // the same word again in one pass
            }
            if (size == words.length) {
                words = java.util.Arrays.copyOf(words, size * 2);
            }
            words[size++] = w;
        }
    }

    private record Candidate(long count, int left, int right) {}

    /** @param wordCounts pre-tokens (plain text) and their counts; @param specials ids 0..k-1 */
    MergeLearner(Map<String, long[]> wordCounts, List<String> specials) {
        for (String s : specials) {
            addToken(s);
        }
        for (int b = 0; b < 256; b++) {
            addToken(String.valueOf(ByteLevel.charOf(b)));
        }
        int base = specials.size();
        words = new int[wordCounts.size()][];
        lengths = new int[words.length];
        counts = new long[words.length];
        int w = 0;
        for (var e : wordCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            words[w] = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                words[w][i] = base + (bytes[i] & 0xFF);
            }
            lengths[w] = bytes.length;
            counts[w] = e.getValue()[0];
            w++;
        }
        for (w = 0; w < words.length; w++) {
            for (int i = 0; i + 1 < lengths[w]; i++) {
                add(BpeEncoder.key(words[w][i], words[w][i + 1]), counts[w], w);
            }
        }
        for (var e : pairs.entrySet()) {
            queue.add(new Candidate(e.getValue().count, (int) (e.getKey() >>> 32), (int) (long) e.getKey()));
        }
        raised.clear(); // all of them are queued already
    }

    /**
     * Merges until the vocabulary has {@code targetSize} tokens, or no pair occurs {@code minFrequency} times.
     * Returns the vocabulary size reached.
     */
    int learn(int targetSize, long minFrequency, Progress progress) {
        int start = vocab.size();
        while (vocab.size() < targetSize) {
            Candidate top = queue.poll();
            if (top == null) {
                break;
            }
            long key = BpeEncoder.key(top.left(), top.right());
            PairStats p = pairs.get(key);
            if (p == null) {
                continue;
            }
            if (p.count != top.count()) { // stale entry: requeue with the count it has now
                queue.add(new Candidate(p.count, top.left(), top.right()));
                continue;
            }
            if (p.count < minFrequency) {
                break;
            }
            merge(top.left(), top.right(), p);
            if (progress != null) {
                progress.update(vocab.size() - start, "");
            }
        }
        return vocab.size();
    }

    private void merge(int left, int right, PairStats p) {
        step++;
        String leftToken = vocab.get(left);
        String rightToken = vocab.get(right);
        merges.add(new BpeModel.Merge(leftToken, rightToken));
        // Two different merges can spell the same token ("ab"+"c", "a"+"bc"): they share one id, as in HF.
        int merged = addToken(leftToken + rightToken);
        int[] where = p.words;
        for (int i = 0, n = p.size; i < n; i++) {
            mergeInWord(where[i], left, right, merged);
        }
        for (long k : raised) {
            PairStats q = pairs.get(k);
            if (q != null && q.count > 0) {
                queue.add(new Candidate(q.count, (int) (k >>> 32), (int) k));
            }
        }
        raised.clear();
    }

    /** Replaces each (a, b) in word w by c, left to right, and moves the counts of the neighbouring pairs. */
    private void mergeInWord(int w, int a, int b, int c) {
        int[] s = words[w];
        int len = lengths[w];
        long n = counts[w];
        int out = 0;
        for (int i = 0; i < len; ) {
            if (i + 1 < len && s[i] == a && s[i + 1] == b) {
                if (out > 0) {
                    add(BpeEncoder.key(s[out - 1], a), -n, w);
                    add(BpeEncoder.key(s[out - 1], c), n, w);
                }
                add(BpeEncoder.key(a, b), -n, w);
                if (i + 2 < len) {
                    add(BpeEncoder.key(b, s[i + 2]), -n, w);
                    add(BpeEncoder.key(c, s[i + 2]), n, w);
                }
                s[out++] = c;
                i += 2;
            } else {
                s[out++] = s[i++];
            }
        }
        lengths[w] = out;
    }

    private void add(long key, long delta, int word) {
        PairStats p = pairs.get(key);
        if (p == null) {
            if (delta < 0) {
                throw new IllegalStateException("pair count below zero: " + (key >>> 32) + "," + (int) key);
            }
            p = new PairStats();
            pairs.put(key, p);
        }
        p.count += delta;
        if (delta > 0) {
            p.addWord(word);
            if (p.raisedAt != step) {
                p.raisedAt = step;
                raised.add(key);
            }
        } else if (p.count == 0) {
            pairs.remove(key);
        }
    }

    private int addToken(String token) {
        Integer id = idOf.get(token);
        if (id != null) {
            return id;
        }
        vocab.add(token);
        idOf.put(token, vocab.size() - 1);
        return vocab.size() - 1;
    }

    List<String> vocab() {
        return vocab;
    }

    List<BpeModel.Merge> merges() {
        return merges;
    }
}
