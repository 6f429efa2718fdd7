package dk.snaklib.eval;

import java.util.List;
import java.util.SequencedMap;

/**
 * What scoring one model on one dataset produced.
 *
 * @param record            the ScandEval record
 * @param itemScores        per evaluation item (by row of the evaluated split, first iteration's prompt), a 0-1
 *                          score for paired tests: correctness, QA F1, ROUGE-L; NaN where not scored
 * @param droppedEmpty      empty rows dropped (train + val + test)
 * @param truncatedPrompts  prompts cut from the left to fit the context
 * @param shotsDroppedPrompts prompts that got fewer shots to fit the context ({@link EvalSpec.Overflow#DROP_SHOTS})
 * @param unparseableOutputs NER outputs that were not a JSON dict of lists (scored as no entities)
 * @param absentMetrics     metrics not computed (BERTScore without a scoring model)
 */
public record DatasetRun(BenchmarkResult record, double[] itemScores, int droppedEmpty, int truncatedPrompts,
        int shotsDroppedPrompts, int unparseableOutputs, List<String> absentMetrics) {
    /** The per-iteration scores of this run. */
    public List<SequencedMap<String, Double>> raw() {
        return record.raw();
    }
}
