package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The inputs (and text outputs) of this kernel session, for Jupyter's history_request. Kept in memory only. */
final class CellHistory implements HistoryManager {
    /** Session number we report; requests for 0 ("this one") or this number are answered. */
    static final int SESSION = 1;

    private record Cell(int number, String input, String output) {}

    private final List<Cell> cells = new ArrayList<>();

    synchronized void add(int number, String input, String output) {
        cells.add(new Cell(number, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = length <= 0 ? 0 : Math.max(0, cells.size() - length);
        return entries(cells.subList(from, cells.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        if (session != 0 && session != SESSION) {
            return List.of(); // earlier sessions are not kept
        }
        List<Cell> hits = cells.stream().filter(c -> c.number >= start && (stop <= 0 || c.number < stop)).toList();
        return entries(hits, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String glob, int length, Set<ResultFlag> flags) {
        Pattern p = globToRegex(glob == null || glob.isEmpty() ? "*" : glob);
        List<Cell> hits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = cells.size() - 1; i >= 0; i--) { // newest first, so "unique" keeps the latest
            Cell c = cells.get(i);
            if (p.matcher(c.input).matches() && (!flags.contains(ResultFlag.UNIQUE) || seen.add(c.input))) {
                hits.add(0, c);
            }
        }
        int from = length <= 0 ? 0 : Math.max(0, hits.size() - length);
        return entries(hits.subList(from, hits.size()), flags);
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean withOutput = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        return cells.stream().map(c -> new HistoryEntry(SESSION, c.number, c.input, withOutput ? c.output : null)).toList();
    }

    /** IPython's history globs: {@code *} any run of characters, {@code ?} one character. */
    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> re.append("[\\s\\S]*");
                case '?' -> re.append("[\\s\\S]");
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
