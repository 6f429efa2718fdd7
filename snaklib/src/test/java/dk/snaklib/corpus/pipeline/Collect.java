package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.util.ArrayList;
import java.util.List;

/** Test output: remembers what a step kept and dropped. */
final class Collect implements Step.Output {
    final List<Document> kept = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    final List<Document> dropped = new ArrayList<>();

    @Override
    public void keep(Document d) {
        kept.add(d);
    }

    @Override
    public void drop(Document d, String reason) {
        dropped.add(d);
        reasons.add(reason);
    }

    static Collect run(Step step, List<Document> docs) {
        Collect c = new Collect();
        docs.forEach(d -> step.apply(d, c));
        return c;
    }

    static Document doc(String id, String text) {
        return new Document(id, "test", text);
    }

    static Document doc(String id, String source, String text) {
        return new Document(id, source, text);
    }
}
