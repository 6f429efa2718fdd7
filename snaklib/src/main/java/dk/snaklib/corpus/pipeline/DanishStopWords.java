package dk.snaklib.corpus.pipeline;

import java.util.Set;

/**
 * The most frequent Danish function words, for the Gopher rule "at least two stop words" (whose English list is
 * the, be, to, of, and, that, have, with). Lower case.
 */
public final class DanishStopWords {
    public static final Set<String> WORDS = Set.of(
            "og", "i", "at", "det", "en", "den", "til", "er", "som", "på", "de", "med", "af", "for", "ikke", "der",
            "var", "har", "et", "jeg", "han", "hun", "vi", "men", "om", "sig", "kan", "fra", "så", "skal", "blev",
            "eller", "hvor", "også", "have", "være", "ved", "efter", "når", "man");

    private DanishStopWords() {}
}
