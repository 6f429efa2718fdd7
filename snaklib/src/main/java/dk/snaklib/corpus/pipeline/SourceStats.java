package dk.snaklib.corpus.pipeline;

import java.util.Map;

/**
 * One row of the statistics table.
 *
 * @param source    catalog name
 * @param read      documents the readers yielded
 * @param badInput  records the readers could not use (kept in bad-records.tsv)
 * @param kept      documents written to the corpus file
 * @param words     whitespace-separated words in the kept documents
 * @param chars     characters (UTF-16 code units) in the kept documents
 * @param dropped   drops per step name
 */
public record SourceStats(String source, long read, long badInput, long kept, long words, long chars,
        Map<String, Long> dropped) {
    public SourceStats {
        dropped = Map.copyOf(dropped);
    }
}
