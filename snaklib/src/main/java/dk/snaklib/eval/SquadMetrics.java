package dk.snaklib.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQuAD v2's exact match and token F1 as evaluate's {@code squad_v2} computes them with no-answer probability 0:
 * normalise (lowercase, drop ASCII punctuation, drop a/an/the, collapse whitespace), take the max over gold answers
 * (an answer that normalises to empty is ignored; none left means the gold is ""), and average per question id, so
 * a question drawn twice by the bootstrap counts once (the last prediction for an id wins). Scores are 0-100.
 */
public final class SquadMetrics {
    /** One question: its id, the prediction and the gold answers. */
    public record Item(String id, String prediction, List<String> answers) {}

    /** em and f1, 0-100. */
    public record Scores(double em, double f1) {}

    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private SquadMetrics() {}

    public static Scores score(List<Item> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no QA items to score");
        }
        Map<String, double[]> byId = new LinkedHashMap<>();
        for (Item item : items) {
            List<String> gold = new ArrayList<>();
            for (String a : item.answers()) {
                if (!normalize(a).isEmpty()) {
                    gold.add(a);
                }
            }
            if (gold.isEmpty()) {
                gold.add("");
            }
            double em = 0;
            double f1 = 0;
            for (String a : gold) {
                em = Math.max(em, exact(a, item.prediction()));
                f1 = Math.max(f1, f1(a, item.prediction()));
            }
            byId.put(item.id(), new double[] {em, f1});
        }
        double em = 0;
        double f1 = 0;
        for (double[] s : byId.values()) {
            em += s[0];
            f1 += s[1];
        }
        return new Scores(100 * em / byId.size(), 100 * f1 / byId.size());
    }

    public static String normalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder noPunct = new StringBuilder();
        lower.codePoints().filter(c -> c > 127 || PUNCTUATION.indexOf(c) < 0).forEach(noPunct::appendCodePoint);
        String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
        return String.join(" ", whitespaceSplit(noArticles));
    }

    static double exact(String gold, String predicted) {
        return normalize(gold).equals(normalize(predicted)) ? 1 : 0;
    }

    static double f1(String gold, String predicted) {
        List<String> g = tokens(gold);
        List<String> p = tokens(predicted);
        if (g.isEmpty() || p.isEmpty()) {
            return g.equals(p) ? 1 : 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        g.forEach(t -> counts.merge(t, 1, Integer::sum));
        int same = 0;
        for (String t : p) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                counts.put(t, c - 1);
                same++;
            }
        }
        if (same == 0) {
            return 0;
        }
        double precision = (double) same / p.size();
        double recall = (double) same / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> tokens(String s) {
        return s.isEmpty() ? List.of() : whitespaceSplit(normalize(s));
    }

    /** Python's str.split(): runs of whitespace, no empty pieces. */
    static List<String> whitespaceSplit(CharSequence s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (isPythonSpace(c)) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.appendCodePoint(c);
            }
        });
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    private static boolean isPythonSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85 || (c >= 0x1c && c <= 0x1f);
    }
}
