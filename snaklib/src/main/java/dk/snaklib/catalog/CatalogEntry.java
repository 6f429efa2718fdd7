package dk.snaklib.catalog;

import java.util.List;
import java.util.Map;

/**
 * One dataset of the data catalog (a YAML file under data-catalog/).
 *
 * @param name       unique id, also the corpus source name (e.g. {@code cc100})
 * @param title      human name
 * @param kind       pretraining-source, bundled-source, base-source, instruction-set or benchmark
 * @param language   ISO 639-1 code
 * @param format     reader format ({@link dk.snaklib.corpus.read.Readers}), or hf-dataset / scandeval
 * @param files      paths or globs relative to a data root (hub ids for hub datasets)
 * @param where      where to get it
 * @param licence    licence of the data
 * @param citation   how to cite it
 * @param extraction what the study kept
 * @param study      used in the SnakModel study
 * @param extra      the kind-specific fields (documents, words, task_id, metric, few_shot, ...)
 * @param file       the YAML file it came from
 */
public record CatalogEntry(String name, String title, String kind, String language, String format, List<String> files,
        String where, String licence, String citation, String extraction, boolean study, Map<String, Object> extra,
        java.nio.file.Path file) {}
