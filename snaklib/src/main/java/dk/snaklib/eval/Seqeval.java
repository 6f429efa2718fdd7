package dk.snaklib.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * seqeval 1.2.2's default (non-strict, prefix) mode: {@code get_entities} ported as written and the micro-averaged
 * F1 of {@code classification_report}. The tag logic compares against uppercase B/I/O/E/S only, so lowercase tags,
 * which ScandEval v13 passes, behave differently (SCANDEVAL.md section 4): chunks split only where the type changes,
 * and a run of {@code o} is a pseudo-entity of type {@code _}. That quirk is kept on purpose.
 */
public final class Seqeval {
    /** One chunk: type and inclusive token offsets in the flattened sequence. */
    public record Entity(String type, int start, int end) {}

    private Seqeval() {}

    /** Sentences joined with an uppercase {@code O} after each one, as seqeval flattens nested lists. */
    public static List<Entity> entities(List<List<String>> sentences) {
        List<String> flat = new ArrayList<>();
        for (List<String> s : sentences) {
            flat.addAll(s);
            flat.add("O");
        }
        return entitiesOfFlat(flat);
    }

    static List<Entity> entitiesOfFlat(List<String> seq) {
        List<Entity> chunks = new ArrayList<>();
        char prevTag = 'O';
        String prevType = "";
        int begin = 0;
        for (int i = 0; i <= seq.size(); i++) {
            String chunk = i < seq.size() ? seq.get(i) : "O";
            if (chunk.isEmpty()) {
                throw new IllegalArgumentException("empty tag at position " + i);
            }
            char tag = chunk.charAt(0);
            String rest = chunk.substring(1);
            int dash = rest.indexOf('-');
            String type = dash < 0 ? rest : rest.substring(dash + 1);   // split('-', maxsplit=1)[-1]
            if (type.isEmpty()) {
                type = "_";
            }
            if (endOfChunk(prevTag, tag, prevType, type)) {
                chunks.add(new Entity(prevType, begin, i - 1));
            }
            if (startOfChunk(prevTag, tag, prevType, type)) {
                begin = i;
            }
            prevTag = tag;
            prevType = type;
        }
        return chunks;
    }

    private static boolean endOfChunk(char prev, char tag, String prevType, String type) {
        boolean end = prev == 'E' || prev == 'S';
        end |= prev == 'B' && (tag == 'B' || tag == 'S' || tag == 'O');
        end |= prev == 'I' && (tag == 'B' || tag == 'S' || tag == 'O');
        end |= prev != 'O' && prev != '.' && !prevType.equals(type);
        return end;
    }

    private static boolean startOfChunk(char prev, char tag, String prevType, String type) {
        boolean start = tag == 'B' || tag == 'S';
        start |= (prev == 'E' || prev == 'S' || prev == 'O') && (tag == 'E' || tag == 'I');
        start |= tag != 'O' && tag != '.' && !prevType.equals(type);
        return start;
    }

    /** The "micro avg" f1-score of seqeval's classification_report (0 when a denominator is 0). */
    public static double microF1(List<List<String>> truth, List<List<String>> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException(truth.size() + " gold sentences but " + predicted.size() + " predicted");
        }
        for (int i = 0; i < truth.size(); i++) {
            if (truth.get(i).size() != predicted.get(i).size()) {
                throw new IllegalArgumentException("sentence " + i + ": " + truth.get(i).size() + " gold tags but "
                        + predicted.get(i).size() + " predicted");
            }
        }
        Map<String, Set<Entity>> gold = byType(entities(truth));
        Map<String, Set<Entity>> pred = byType(entities(predicted));
        long tp = 0;
        long nGold = 0;
        long nPred = 0;
        for (var e : gold.entrySet()) {
            nGold += e.getValue().size();
            Set<Entity> p = pred.getOrDefault(e.getKey(), Set.of());
            for (Entity x : e.getValue()) {
                if (p.contains(x)) {
                    tp++;
                }
            }
        }
        for (Set<Entity> s : pred.values()) {
            nPred += s.size();
        }
        double precision = nPred == 0 ? 0 : (double) tp / nPred;
        double recall = nGold == 0 ? 0 : (double) tp / nGold;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static Map<String, Set<Entity>> byType(List<Entity> entities) {
        Map<String, Set<Entity>> out = new HashMap<>();
        for (Entity e : entities) {
            out.computeIfAbsent(e.type(), t -> new HashSet<>()).add(e);
        }
        return out;
    }
}
