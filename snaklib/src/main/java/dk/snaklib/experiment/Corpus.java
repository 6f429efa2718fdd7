package dk.snaklib.experiment;

import dk.snaklib.util.BadInputException;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The corpus pipeline's output kept as an artifact: corpus Parquet files per source and the statistics table. */
public record Corpus(Artifact artifact) {

    /** Source name -> corpus/SOURCE.parquet. */
    public Map<String, Path> files() {
        return TrainingData.Mix.corpusFiles(artifact.dir());
    }

    /** stats.tsv: per source documents read, kept, words, characters and what each step dropped. */
    public Table statistics() {
        Path tsv = artifact.file("stats.tsv");
        if (!Files.isRegularFile(tsv)) {
            throw new BadInputException(tsv, "the corpus artifact has no statistics table");
        }
        try {
            return Table.read().usingOptions(CsvReadOptions.builder(tsv.toFile()).separator('\t').tableName("corpus statistics"));
        } catch (RuntimeException e) {
            throw new BadInputException(tsv, "cannot read the statistics table: " + e.getMessage(), e);
        }
    }

    /** The sum of a numeric column of the statistics table over all sources (e.g. "kept", "dropped_langid"). */
    public long total(String column) {
        Table t = statistics();
        if (!t.columnNames().contains(column)) {
            throw new IllegalArgumentException("the statistics table has no column " + column + " (it has " + t.columnNames() + ")");
        }
        return Math.round(t.numberColumn(column).sum());
    }

    /** Documents kept in all sources. */
    public long keptDocuments() {
        return artifact.summary().path("documents_kept").asLong();
    }

    @Override
    public String toString() {
        return "Corpus[" + artifact + ", " + files().keySet() + "]";
    }
}
