package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.util.Set;

/**
 * The study's per-source extraction rules (STUDY.md), which turned each source into one document per line:
 * DaNewsroom and Reddit drop texts shorter than 3 characters and "[deleted]"/"[removed]" placeholders; Gigaword
 * keeps lines longer than 2 characters; Twitter turns newlines into spaces; with {@code linePerDocument} every
 * other multi-line document (Dawiki paragraphs, CC-100 paragraphs) is split into its non-blank lines.
 * Source names: the catalog's (danewsroom, reddit, gigaword, twitter, ...).
 */
public final class StudyRules implements Step {
    private static final Set<String> PLACEHOLDERS = Set.of("[deleted]", "[removed]", "removed", "deleted");
    private final boolean linePerDocument;

    public StudyRules(boolean linePerDocument) {
        this.linePerDocument = linePerDocument;
    }

    @Override
    public String name() {
        return "study-rules";
    }

    @Override
    public void apply(Document d, Output out) {
        switch (d.source()) {
            case "danewsroom", "reddit" -> {
                String t = d.text().strip();
                if (t.length() < 3) {
                    out.drop(d, "shorter than 3 chars");
                } else if (PLACEHOLDERS.contains(t)) {
                    out.drop(d, "deleted/removed placeholder");
                } else {
                    out.keep(d);
                }
            }
            case "twitter" -> out.keep(d.withText(d.text().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ')));
            case "gigaword" -> split(d, out, 3);
            default -> {
                if (linePerDocument) {
                    split(d, out, 1);
                } else {
                    out.keep(d);
                }
            }
        }
    }

    /** One document per line of at least {@code minChars} chars; ids get "#line". Short lines are dropped. */
    private static void split(Document d, Output out, int minChars) {
        String[] lines = d.text().split("\n");
        if (lines.length == 1) {
            if (d.text().isBlank()) {
                out.drop(d, "empty");
            } else if (d.text().strip().length() >= minChars) {
                out.keep(d);
            } else {
                out.drop(d, "line shorter than " + minChars + " chars");
            }
            return;
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            Document part = new Document(d.id() + "#" + (i + 1), d.source(), line, d.meta());
            if (line.length() >= minChars) {
                out.keep(part);
            } else if (!line.isEmpty()) {
                out.drop(part, "line shorter than " + minChars + " chars");
            }
        }
    }
}
