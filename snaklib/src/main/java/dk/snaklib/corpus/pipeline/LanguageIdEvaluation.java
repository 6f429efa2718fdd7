package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.io.Compression;
import dk.snaklib.util.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the language filter's per-line verdict does on labelled lines, by language and by length (whitespace-separated
 * words, binned): for Danish the share kept (recall), for every other language the share kept as Danish (false
 * accepts). Reads the bundled test sets ({@code language TAB [package TAB] text}, first line a header).
 */
public final class LanguageIdEvaluation {
    /** Lower edges of the word-count bins: 1-4, 5-9, 10-14, 15-19, 20-29, 30+. */
    public static final int[] BIN_EDGES = {1, 5, 10, 15, 20, 30};

    public record Line(String language, String text) {
        public int words() {
            String t = text.strip();
            return t.isEmpty() ? 0 : t.split("\\s+").length;
        }
    }

    /** Lines and lines judged Danish, per language and bin (index into {@link #BIN_EDGES}). */
    public record Result(Map<String, int[][]> counts) {
        /** Lines of {@code language} with at least {@code minWords} words. */
        public int lines(String language, int minWords) {
            return sum(language, minWords, 0);
        }

        /** Share of {@code language}'s lines of {@code minWords}+ words (a bin edge) judged Danish; NaN for none. */
        public double danishRate(String language, int minWords) {
            int n = lines(language, minWords);
            return n == 0 ? Double.NaN : (double) sum(language, minWords, 1) / n;
        }

        private int sum(String language, int minWords, int what) {
            int[][] c = counts.get(language);
            int total = 0;
            for (int b = 0; c != null && b < BIN_EDGES.length; b++) {
                total += BIN_EDGES[b] >= minWords ? c[b][what] : 0;
            }
            return total;
        }

        /** One Markdown table per pair (Danish vs each other language): Danish recall and the other's false accepts by bin. */
        public String markdown() {
            StringBuilder sb = new StringBuilder();
            int[][] da = counts.getOrDefault("da", new int[BIN_EDGES.length][2]);
            for (String other : counts.keySet()) {
                if (other.equals("da")) {
                    continue;
                }
                int[][] o = counts.get(other);
                sb.append("\n**da vs ").append(other).append("**\n\n| words | da lines | da kept (recall) | ")
                        .append(other).append(" lines | ").append(other).append(" kept as Danish |\n|---|---|---|---|---|\n");
                for (int b = 0; b < BIN_EDGES.length; b++) {
                    if (da[b][0] + o[b][0] > 0) {
                        sb.append("| ").append(binName(b)).append(" | ").append(da[b][0]).append(" | ").append(rate(da[b]))
                                .append(" | ").append(o[b][0]).append(" | ").append(rate(o[b])).append(" |\n");
                    }
                }
                int[] daTen = {lines("da", 10), sum("da", 10, 1)};
                int[] oTen = {lines(other, 10), sum(other, 10, 1)};
                sb.append("| **10+** | ").append(daTen[0]).append(" | ").append(rate(daTen)).append(" | ").append(oTen[0])
                        .append(" | ").append(rate(oTen)).append(" |\n");
            }
            return sb.toString();
        }

        private static String rate(int[] c) {
            return c[0] == 0 ? "-" : String.format(Locale.ROOT, "%d (%.1f%%)", c[1], 100.0 * c[1] / c[0]);
        }
    }

    private LanguageIdEvaluation() {}

    public static String binName(int b) {
        return b + 1 < BIN_EDGES.length ? BIN_EDGES[b] + "-" + (BIN_EDGES[b + 1] - 1) : BIN_EDGES[b] + "+";
    }

    static int bin(int words) {
        int b = 0;
        while (b + 1 < BIN_EDGES.length && words >= BIN_EDGES[b + 1]) {
            b++;
        }
        return b;
    }

    /** Applies {@code filter}'s per-line decision (the study's: Danish on top with probability above the threshold). */
    public static Result run(LanguageFilter filter, List<Line> lines) {
        Map<String, int[][]> counts = new TreeMap<>();
        for (Line l : lines) {
            int words = l.words();
            if (words == 0) {
                continue;
            }
            int[] c = counts.computeIfAbsent(l.language(), k -> new int[BIN_EDGES.length][2])[bin(words)];
            c[0]++;
            c[1] += filter.isDanish(l.text()) ? 1 : 0;
        }
        return new Result(counts);
    }

    /** Reads a test set: a header, then {@code language TAB text} or {@code language TAB package TAB text} per line. */
    public static List<Line> read(Path tsv) {
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Compression.open(tsv), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.startsWith("language\t")) {
                throw new BadInputException(tsv, "line 1: expected a header starting with \"language<TAB>\", got " + header);
            }
            int fields = header.split("\t").length;
            int lineNo = 1;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                String[] f = line.split("\t", fields);
                if (f.length != fields) {
                    throw new BadInputException(tsv, "line " + lineNo + ": expected " + fields + " tab-separated fields, got " + f.length);
                }
                out.add(new Line(f[0], f[fields - 1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv, e);
        }
        return out;
    }
}
