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
    private final double threshold;
    private final Mode mode;

    public LanguageFilter() {
        this(DEFAULT_LANGUAGES, DEFAULT_THRESHOLD, Mode.DOCUMENT);
    }

    /** @param isoCodes ISO 639-1 codes of the candidate languages; must include "da" */
    public LanguageFilter(List<String> isoCodes, double threshold, Mode mode) {
        if (!isoCodes.contains("da")) {
            throw new IllegalArgumentException("the language filter keeps Danish, so \"da\" must be among " + isoCodes);
        }
        this.model = new CharNgramLanguageId(isoCodes);
        this.scorer = model.scorer();
        this.danish = model.languages().indexOf("da");
        this.threshold = threshold;
        this.mode = mode;
    }

    @Override
    public String name() {
        return "langid";
    }

    /** A verdict: the top language's ISO code and the Danish confidence. */
    public record Verdict(String top, double danish) {}

    public Verdict classify(String text) {
        double[] p = scorer.probabilities(text);
        int top = 0;
        for (int i = 1; i < p.length; i++) {
            top = p[i] > p[top] ? i : top;
        }
        return new Verdict(model.languages().get(top), p[danish]);
    }

    /** True when {@code text} is Danish by the threshold. */
    public boolean isDanish(String text) {
        Verdict v = classify(text);
        return v.top.equals("da") && v.danish > threshold;
    }

    private String reason(Verdict v) {
        return v.top.equals("da") ? "Danish confidence <= " + threshold : "language " + v.top;
    }

    @Override
    public void apply(Document d, Output out) {
        if (mode == Mode.DOCUMENT) {
            Verdict v = classify(d.text());
            if (v.top.equals("da") && v.danish > threshold) {
                out.keep(d);
            } else {
                out.drop(d, reason(v));
            }
            return;
        }
        String[] lines = d.text().indexOf('\n') < 0 ? new String[] {d.text()} : d.text().split("\n");
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Verdict v = classify(lines[i]);
            if (v.top.equals("da") && v.danish > threshold) {
                kept.append(kept.isEmpty() ? "" : "\n").append(lines[i]);
            } else {
                Document line = lines.length == 1 ? d : new Document(d.id() + "#" + (i + 1), d.source(), lines[i], d.meta());
                out.drop(line, reason(v));
            }
        }
        if (!kept.isEmpty()) {
            out.keep(kept.length() == d.text().length() ? d : d.withText(kept.toString()));
        }
    }
}
