package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;

/**
 * One small pipeline step (normalise, language ID, a filter, a dedup). It sees each document once and either
 * passes on one or more documents or drops it with a reason; the pipeline counts both and writes every drop to
 * the rejects file, so nothing is lost silently.
 */
public interface Step {
    /** Short stable name used in counters and the rejects file ("normalize", "langid", "minhash"). */
    String name();

    void apply(Document document, Output out);

    /** Where a step puts its verdict. */
    interface Output {
        void keep(Document document);

        /** Drops {@code document}; {@code reason} is a short stable phrase ("not Danish", "exact duplicate"). */
        void drop(Document document, String reason);
    }
}
