package dk.snaklib.corpus.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * What a pipeline run produced.
 *
 * @param sources  statistics per source, in spec order
 * @param steps    counters per step, in pipeline order
 * @param corpusFiles one Parquet file per source
 * @param rejects  per source, the rejects Parquet file (id, source, text, meta, step, reason)
 * @param badRecords per source, a TSV of the input records the readers could not use
 * @param statsFile the statistics table as TSV (stats.parquet beside it has the same columns, '-' as '_')
 * @param lshDescription the MinHash parameters line, or "" if MinHash was off
 */
public record PipelineResult(List<SourceStats> sources, List<StepCounters> steps, List<Path> corpusFiles, List<Path> rejects,
        List<Path> badRecords, Path statsFile, String lshDescription) {

    public long keptTotal() {
        return sources.stream().mapToLong(SourceStats::kept).sum();
    }

    public StepCounters step(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + name));
    }
}
