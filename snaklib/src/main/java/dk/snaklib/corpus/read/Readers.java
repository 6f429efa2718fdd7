package dk.snaklib.corpus.read;

import dk.snaklib.corpus.CorpusReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The reader for each format name used in data-catalog entries and pipeline specs. */
public final class Readers {
    private static final Map<String, Supplier<CorpusReader>> BY_FORMAT = new LinkedHashMap<>();

    static {
        BY_FORMAT.put("lines", LinePerDocumentReader::new);          // one document per line
        BY_FORMAT.put("opus-mono", LinePerDocumentReader::new);      // EUbookshop, OpenSubtitles da.txt.gz
        BY_FORMAT.put("cc100", Cc100Reader::new);                    // blank-line separated documents
        BY_FORMAT.put("cc100-lines", LinePerDocumentReader::new);    // the study's line mode
        BY_FORMAT.put("culturax", CulturaXReader::new);
        BY_FORMAT.put("danewsroom", DaNewsroomReader::new);
        BY_FORMAT.put("mediawiki", WikiDumpReader::new);
        BY_FORMAT.put("ftspeech-lm", LinePerDocumentReader::new);
        BY_FORMAT.put("ftspeech-tsv", FtSpeechTranscriptReader::new);
        BY_FORMAT.put("gigaword", GigawordFolderReader::new);
        BY_FORMAT.put("gigaword-parquet", GigawordParquetReader::new);
        BY_FORMAT.put("convokit", () -> new JsonlReader("text")); // ConvoKit utterances.jsonl
        BY_FORMAT.put("twitter", TwitterReader::new);
        BY_FORMAT.put("jsonl", JsonlReader::new);                    // id + text JSON lines (the bundled corpus)
    }

    private Readers() {}

    public static CorpusReader forFormat(String format) {
        Supplier<CorpusReader> s = BY_FORMAT.get(format);
        if (s == null) {
            throw new IllegalArgumentException("unknown corpus format \"" + format + "\"; known: " + BY_FORMAT.keySet());
        }
        return s.get();
    }

    public static Set<String> formats() {
        return BY_FORMAT.keySet();
    }
}
