package dk.snaklib.corpus.read;

import java.util.List;

/** CulturaX Parquet shards ({@code da/da_part_NNNNN.parquet}): text, timestamp, url, source. Id: file and row. */
public final class CulturaXReader extends ParquetTextReader {
    public CulturaXReader() {
        super(null, List.of("timestamp", "url", "source"));
    }
}
