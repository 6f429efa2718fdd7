package dk.snaklib.eval;

/** How a dataset is prompted and scored (ScandEval v13's supertasks, as they apply to generative models). */
public enum TaskType {
    /** Label word by first-token log-probability: acceptability, sentiment, multiple choice. */
    CLASSIFICATION,
    /** JSON of entities generated, mapped back to BIO tags. */
    NER,
    /** Extractive QA answered by greedy generation. */
    QA,
    /** Summaries by greedy generation. */
    SUMMARIZATION
}
