package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.util.List;

/**
 * Keeps Danish text: {@link CharNgramLanguageId} (Lingua's n-gram models) limited to the languages that get
 * confused with Danish. The study kept a line iff fastText's top label was Danish with probability > 0.6; here
 * Danish must be the most probable candidate and its posterior probability above the threshold.
 * Per document, or per line like the study: then non-Danish lines are dropped one by one and the Danish lines
 * stay together as the document.
 */
public final class LanguageFilter implements Step {
    /** The study's threshold. */
    public static final double DEFAULT_THRESHOLD = 0.6;
    /** Danish and its nearest confusions, plus the two languages most mixed into Danish web text. */
    public static final List<String> DEFAULT_LANGUAGES = List.of("da", "nb", "nn", "sv", "en", "de");

    public enum Mode { DOCUMENT, LINE }

    private final CharNgramLanguageId model;
    private final LanguageScorer scorer; // remembers word scores: a filter is used by one thread at a time
    private final int danish;
    private final String lowConfidence; // the drop reason when Danish leads but not by enough
    private final String[] foreign; // the drop reason when another language leads, by language
    private final double threshold;
    private final Mode mode;

    public LanguageFilter() {
        this(DEFAULT_LANGUAGES, DEFAULT_THRESHOLD, Mode.DOCUMENT);
    }

    /** @param isoCodes ISO 639-1 codes of the candidate languages; must include "da" */
    public LanguageFilter(List<String> isoCodes, double threshold, Mode mode) {
        this(new CharNgramLanguageId(isoCodes), threshold, mode);
    }

    /** A filter over a given model (e.g. other learned word scores); its languages must include "da". */
    public LanguageFilter(CharNgramLanguageId model, double threshold, Mode mode) {
        if (!model.languages().contains("da")) {
            throw new IllegalArgumentException("the language filter keeps Danish, so \"da\" must be among " + model.languages());
        }
        this.model = model;
        this.scorer = model.scorer();
        this.danish = model.languages().indexOf("da");
        this.threshold = threshold;
        this.mode = mode;
        this.lowConfidence = "Danish confidence <= " + threshold;
        this.foreign = model.languages().stream().map(code -> "language " + code).toArray(String[]::new);
    }

    @Override
    public String name() {
        return "langid";
    }

    /** A verdict: the top language's ISO code and the Danish confidence. */
    public record Verdict(String top, double danish) {}

    public Verdict classify(String text) {
        double[] p = scorer.reusedProbabilities(text);
        return new Verdict(model.languages().get(top(p)), p[danish]);
    }

    private static int top(double[] p) {
        int top = 0;
        for (int i = 1; i < p.length; i++) {
            top = p[i] > p[top] ? i : top;
        }
        return top;
    }

    /** Null when {@code text} is Danish by the threshold, else why it is not; allocates nothing. */
    private String dropReason(String text) {
        double[] p = scorer.reusedProbabilities(text);
        int top = top(p);
        return top != danish ? foreign[top] : p[danish] > threshold ? null : lowConfidence;
    }

    /** True when {@code text} is Danish by the threshold. */
    public boolean isDanish(String text) {
        return dropReason(text) == null;
    }

    @Override
    public void apply(Document d, Output out) {
        String text = d.text();
        if (mode == Mode.DOCUMENT || text.indexOf('\n') < 0) {
            // One verdict for the whole text: no split and no copy. Most documents in line mode are one line
            // already (the study's rules split them before this step).
            if (mode == Mode.LINE && text.isBlank()) {
                return; // a blank line is skipped, as inside a document
            }
            String reason = dropReason(text);
            if (reason == null) {
                out.keep(d);
            } else {
                out.drop(d, reason);
            }
            return;
        }
        String[] lines = text.split("\n");
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String reason = dropReason(lines[i]);
            if (reason == null) {
                kept.append(kept.isEmpty() ? "" : "\n").append(lines[i]);
            } else {
                out.drop(lines.length == 1 ? d : new Document(d.id() + "#" + (i + 1), d.source(), lines[i], d.meta()), reason);
            }
        }
        if (!kept.isEmpty()) {
            out.keep(kept.length() == text.length() ? d : d.withText(kept.toString()));
        }
    }
}
