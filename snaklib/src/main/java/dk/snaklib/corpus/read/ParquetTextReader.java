package dk.snaklib.corpus.read;

import dk.snaklib.corpus.CorpusReader;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.DocumentIterator;
import dk.snaklib.corpus.io.ParquetRows;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Parquet shards with a string {@code text} column: the shared loop of {@link CulturaXReader} and
 * {@link GigawordParquetReader}. A file of another schema is one bad record in skip mode (the file is skipped).
 */
abstract class ParquetTextReader implements CorpusReader {
    private final String idColumn;
    private final List<String> metaColumns;

    /** @param idColumn column holding the document id, or null to number rows */
    ParquetTextReader(String idColumn, List<String> metaColumns) {
        this.idColumn = idColumn;
        this.metaColumns = metaColumns;
    }

    @Override
    public Stream<Document> read(Path input, ReadOptions options) {
        ParquetRows rows;
        try {
            rows = ParquetRows.open(input, options, idColumn == null ? List.of("text") : List.of("text", idColumn), metaColumns);
        } catch (BadInputException e) {
            options.bad(input, "file", e.getMessage().substring(input.toString().length() + 2), "");
            return Stream.empty();
        }
        String name = input.getFileName().toString();
        return new DocumentIterator(options.log()) {
            @Override
            protected Document computeNext() {
                Map<String, String> row = rows.next();
                if (row == null) {
                    return null;
                }
                String text = row.remove("text");
                if (text == null) {
                    text = ""; // a null text is an empty document: the study's length rules drop it, visibly
                }
                String id = idColumn == null ? name + ":" + rows.rowNumber() : row.remove(idColumn);
                row.put("file", name);
                row.put("row", Long.toString(rows.rowNumber()));
                return new Document(options.source() + ":" + id, options.source(), text, row);
            }

            @Override
            public void close() throws IOException {
                rows.close();
            }
        }.stream();
    }
}
