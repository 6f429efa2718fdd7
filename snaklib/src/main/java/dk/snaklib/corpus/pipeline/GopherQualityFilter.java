package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gopher-style quality rules (Rae et al. 2021, appendix A) with Danish stop words. The study used no quality
 * filter; this step is for the ablation and the bundled corpus. Each rule's threshold is a record field.
 */
public final class GopherQualityFilter implements Step {

    /**
     * @param minWords, maxWords          document length in words
     * @param minMeanWordLength, maxMeanWordLength mean word length in chars
     * @param maxSymbolWordRatio          ("#" + "..." + "…") per word
     * @param maxBulletLineFraction       lines starting with a bullet
     * @param maxEllipsisLineFraction     lines ending with "..." or "…"
     * @param minAlphaWordFraction        words with at least one letter
     * @param minStopWords                distinct Danish stop words present
     * @param maxDuplicateLineFraction    lines that repeat an earlier line
     * @param maxTopBigramCharFraction    chars covered by the most frequent word bigram
     */
    public record Config(int minWords, int maxWords, double minMeanWordLength, double maxMeanWordLength,
            double maxSymbolWordRatio, double maxBulletLineFraction, double maxEllipsisLineFraction,
            double minAlphaWordFraction, int minStopWords, double maxDuplicateLineFraction, double maxTopBigramCharFraction)
            implements java.io.Serializable {
        /** Gopher's values. */
        public static Config gopher() {
            return new Config(50, 100_000, 3, 10, 0.1, 0.9, 0.3, 0.8, 2, 0.3, 0.2);
        }
    }

    private static final List<String> BULLETS = List.of("•", "●", "○", "■", "□", "▪", "-", "*", "–", "‣", "⁃");
    private final Config c;

    public GopherQualityFilter() {
        this(Config.gopher());
    }

    public GopherQualityFilter(Config config) {
        this.c = config;
    }

    @Override
    public String name() {
        return "quality";
    }

    @Override
    public void apply(Document d, Output out) {
        String reason = check(d.text());
        if (reason == null) {
            out.keep(d);
        } else {
            out.drop(d, reason);
        }
    }

    /** The first rule {@code text} breaks, or null if it passes all. */
    public String check(String text) {
        String[] words = text.split("\\s+");
        int n = words.length == 1 && words[0].isEmpty() ? 0 : words.length;
        if (n < c.minWords()) {
            return "fewer than " + c.minWords() + " words";
        }
        if (n > c.maxWords()) {
            return "more than " + c.maxWords() + " words";
        }
        long chars = 0;
        int alpha = 0;
        Set<String> stop = new HashSet<>();
        for (String w : words) {
            chars += w.length();
            if (w.codePoints().anyMatch(Character::isLetter)) {
                alpha++;
            }
            String lw = w.toLowerCase(Locale.ROOT).replaceAll("^\\p{P}+|\\p{P}+$", "");
            if (DanishStopWords.WORDS.contains(lw)) {
                stop.add(lw);
            }
        }
        double mean = (double) chars / n;
        if (mean < c.minMeanWordLength() || mean > c.maxMeanWordLength()) {
            return "mean word length outside " + c.minMeanWordLength() + "-" + c.maxMeanWordLength();
        }
        int symbols = count(text, "#") + count(text, "...") + count(text, "…");
        if ((double) symbols / n > c.maxSymbolWordRatio()) {
            return "symbol-to-word ratio above " + c.maxSymbolWordRatio();
        }
        if ((double) alpha / n < c.minAlphaWordFraction()) {
            return "fewer than " + c.minAlphaWordFraction() + " of words alphabetic";
        }
        if (stop.size() < c.minStopWords()) {
            return "fewer than " + c.minStopWords() + " Danish stop words";
        }
        String[] lines = text.split("\n");
        int bullets = 0;
        int ellipsis = 0;
        int duplicates = 0;
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            String t = line.strip();
            if (BULLETS.stream().anyMatch(t::startsWith)) {
                bullets++;
            }
            if (t.endsWith("...") || t.endsWith("…")) {
                ellipsis++;
            }
            if (!t.isEmpty() && !seen.add(t)) {
                duplicates++;
            }
        }
        if ((double) bullets / lines.length > c.maxBulletLineFraction()) {
            return "bullet lines above " + c.maxBulletLineFraction();
        }
        if ((double) ellipsis / lines.length > c.maxEllipsisLineFraction()) {
            return "ellipsis lines above " + c.maxEllipsisLineFraction();
        }
        if ((double) duplicates / lines.length > c.maxDuplicateLineFraction()) {
            return "duplicate lines above " + c.maxDuplicateLineFraction();
        }
        if (topBigramCharFraction(words, chars) > c.maxTopBigramCharFraction()) {
            return "top bigram chars above " + c.maxTopBigramCharFraction();
        }
        return null;
    }

    private static double topBigramCharFraction(String[] words, long chars) {
        Map<String, Integer> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        for (int i = 0; i + 1 < words.length; i++) {
            String bigram = words[i] + " " + words[i + 1];
            int k = counts.merge(bigram, 1, Integer::sum);
            if (k > bestCount) {
                bestCount = k;
                best = bigram;
            }
        }
        return best == null || bestCount < 2 ? 0 : (double) bestCount * (best.length() - 1) / chars;
    }

    private static int count(String s, String what) {
        int k = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            k++;
        }
        return k;
    }
}
