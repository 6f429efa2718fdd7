package dk.snaklib.eval.bundled;

import dk.snaklib.util.PythonRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ScaLA's two corruptions ({@code create_scala.py}: {@code flip_neighbours} and {@code delete}, one chosen at random,
 * retried until one applies), without the POS tags ScaLA takes from the Universal Dependencies treebank, which we do
 * not have. The tags serve to make the corrupted sentence surely ungrammatical; here closed word lists stand in:
 * <ul>
 * <li>flip: two neighbouring words (never punctuation) that differ, except a pronoun next to an auxiliary (swapping
 *     those makes a question, as ScaLA's PRON/AUX rule avoids); flipping the first word title-cases the new first
 *     word and lower-cases the second, as ScaLA does (pairs with a mixed-case word such as "LibreOffice" are not
 *     flipped there, since lower-casing it would give the corruption away);</li>
 * <li>delete: one word from a closed list whose removal breaks a Danish sentence (prepositions, auxiliaries and
 *     modals, personal pronouns, the infinitive marker "at", "og"), where ScaLA deletes any word that is not an
 *     adjective, adverb, determiner, number or punctuation (nor a noun next to a noun).</li>
 * </ul>
 * Draws come from CPython's {@code random} ({@link PythonRandom}), seeded once by the builder.
 */
final class ScalaCorruption {
    static final Set<String> PRONOUNS = Set.of("jeg", "du", "han", "hun", "vi", "de", "man", "den", "det", "der");
    static final Set<String> AUXILIARIES = Set.of("er", "var", "har", "havde", "kan", "kunne", "skal", "skulle", "vil",
            "ville", "må", "måtte", "bliver", "blev", "bør", "burde");
    static final Set<String> DELETABLE = Set.of(
            "i", "på", "til", "af", "med", "fra", "ved", "hos", "mellem", "gennem", "uden", "mod", "efter",
            "er", "har", "kan", "skal", "vil", "må", "bliver", "kunne", "skulle", "ville",
            "jeg", "du", "han", "hun", "vi", "man",
            "at", "og");

    /** A corrupted sentence and how it was made. */
    record Corrupted(String text, String type) {}

    private ScalaCorruption() {}

    /** One corruption of {@code tokens} (ScaLA's loop), or null when neither kind applies. */
    static Corrupted corrupt(List<String> tokens, PythonRandom rng) {
        boolean flipTried = false;
        boolean deleteTried = false;
        while (!(flipTried && deleteTried)) {
            boolean flip = rng.randbelow(2) == 0;
            String out = flip ? flipNeighbours(tokens, rng) : delete(tokens, rng);
            if (out != null) {
                return new Corrupted(out, flip ? "flip_neighbours" : "delete");
            }
            flipTried |= flip;
            deleteTried |= !flip;
        }
        return null;
    }

    static String delete(List<String> tokens, PythonRandom rng) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (DELETABLE.contains(lower(tokens.get(i)))) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>(tokens);
        int at = candidates.get(rng.randbelow(candidates.size()));
        out.remove(at);
        if (at == 0 && !out.isEmpty() && DanishSentences.isWord(out.getFirst()) && !mixedCase(out.getFirst())) {
            out.set(0, title(out.getFirst()));   // a sentence still starts with a capital
        }
        return DanishSentences.join(out);
    }

    static String flipNeighbours(List<String> tokens, PythonRandom rng) {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            String a = tokens.get(i);
            String b = tokens.get(i + 1);
            boolean pronAux = (PRONOUNS.contains(lower(a)) && AUXILIARIES.contains(lower(b)))
                    || (AUXILIARIES.contains(lower(a)) && PRONOUNS.contains(lower(b)));
            boolean atStart = i == 0 && (mixedCase(a) || mixedCase(b));
            if (DanishSentences.isWord(a) && DanishSentences.isWord(b) && !lower(a).equals(lower(b)) && !pronAux && !atStart) {
                pairs.add(new int[] {i, i + 1});
            }
        }
        if (pairs.isEmpty()) {
            return null;
        }
        int[] p = pairs.get(rng.randbelow(pairs.size()));
        List<String> out = new ArrayList<>(tokens);
        out.set(p[0], tokens.get(p[1]));
        out.set(p[1], tokens.get(p[0]));
        if (p[0] == 0) {
            if (!out.get(0).equals(out.get(0).toUpperCase(Locale.ROOT))) {
                out.set(0, title(out.get(0)));
            }
            if (!out.get(1).equals(out.get(1).toUpperCase(Locale.ROOT))) {
                out.set(1, lower(out.get(1)));
            }
        }
        return DanishSentences.join(out);
    }

    /** Upper case after the first letter ("LibreOffice", "PDF"): a name that must keep its case. */
    static boolean mixedCase(String w) {
        return w.length() > 1 && !w.substring(1).equals(w.substring(1).toLowerCase(Locale.ROOT));
    }

    private static String lower(String w) {
        return w.toLowerCase(Locale.ROOT);
    }

    private static String title(String w) {
        return w.isEmpty() ? w : w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1).toLowerCase(Locale.ROOT);
    }
}
