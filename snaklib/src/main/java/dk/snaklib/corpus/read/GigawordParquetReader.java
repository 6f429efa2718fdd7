package dk.snaklib.corpus.read;

import java.util.List;

/** Danish Gigaword in its newer Parquet form: id, text, source, added, created (other columns ignored). */
public final class GigawordParquetReader extends ParquetTextReader {
    public GigawordParquetReader() {
        super("id", List.of("source", "added", "created"));
    }
}
