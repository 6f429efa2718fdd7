package dk.snaklib.corpus.read;

import static dk.snaklib.corpus.Fixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.Fixtures;
import dk.snaklib.corpus.ReadOptions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every reader on its fixture in the real format, each a multi-document compressed file where the format is. */
class ReadersTest {

    @Test
    void opusMonoGzipOneDocumentPerLine() {
        List<Document> docs = readAll("opus-mono", "opus/da.txt.gz", "bookshop");
        assertEquals(4, docs.size()); // the blank line is skipped, counted
        assertEquals("Kommissionen har i dag vedtaget en ny strategi for landbruget.", docs.get(0).text());
        assertEquals("bookshop:da.txt:1", docs.get(0).id());
        assertEquals("bookshop:da.txt:4", docs.get(2).id());
    }

    @Test
    void cc100XzBlankLineDocumentsAndLineMode() {
        List<Document> docs = readAll("cc100", "cc100/da.txt.xz", "cc100");
        assertEquals(3, docs.size());
        assertEquals("Opskrift på æblekage med rasp og flødeskum.\nBland rasp, sukker og smør på en pande.\n"
                + "Læg det i lag med æblemos i en skål.", docs.get(1).text());
        assertEquals("cc100:da.txt:4", docs.get(1).id());
        assertEquals(6, readAll("cc100-lines", "cc100/da.txt.xz", "cc100").size());
    }

    @Test
    void culturaxParquetWrittenByDuckDb() {
        List<Document> docs = readAll("culturax", "culturax/da_part_00000.parquet", "culturax");
        assertEquals(4, docs.size()); // two row groups of two rows
        assertEquals("Vejret i morgen bliver solrigt med temperaturer op til 20 grader.", docs.get(0).text());
        assertEquals("https://vejr.example.dk/1", docs.get(0).meta().get("url"));
        assertEquals("OSCAR-2019", docs.get(1).meta().get("source"));
        assertEquals("", docs.get(3).text()); // null text: an empty document that the study rules drop visibly
        assertEquals("culturax:da_part_00000.parquet:3", docs.get(2).id());
    }

    @Test
    void daNewsroomJsonlGz() {
        List<Document> docs = readAll("danewsroom", "danewsroom/danewsroom.jsonl.gz", "danewsroom");
        assertEquals(3, docs.size());
        assertTrue(docs.get(0).text().startsWith("Den nye bro over havnen"));
        assertEquals("Ny bro åbner i Aarhus", docs.get(0).meta().get("title"));
        assertEquals("20150607", docs.get(0).meta().get("date"));
        assertEquals("[deleted]", docs.get(2).text()); // the study rule, not the reader, drops it
    }

    @Test
    void mediawikiMultistreamBz2() {
        ReadOptions options = ReadOptions.failFast("dawiki");
        List<Document> docs;
        try (Stream<Document> s = new WikiDumpReader().read(Fixtures.path("dawiki/dawiki-20240101-pages-articles-multistream.xml.bz2"), options)) {
            docs = s.toList();
        }
        assertEquals(302, docs.size()); // Aarhus, 300 filler pages (in the first bzip2 stream), Rugbrød
        assertEquals("Aarhus", docs.get(0).meta().get("title"));
        assertEquals("Rugbrød", docs.get(301).meta().get("title"));
        assertEquals("Dette er side nummer 7 i en lille testsamling af sider.", docs.get(7).text()); // link trail kept
        assertEquals("""
                Aarhus er Danmarks næststørste by og ligger i Midtjylland.
                Byen har et stort universitet og en travl havn.
                Historie
                Aarhus blev grundlagt i vikingetiden omkring år 770.""", docs.get(0).text());
        assertEquals("Rugbrød er et mørkt brød lavet af rug. Det spises ofte som smørrebrød.", docs.get(301).text());
        assertEquals("dawiki:101", docs.get(0).id());
        assertEquals(1L, options.log().skipped().get("wiki redirect"));
        assertEquals(1L, options.log().skipped().get("wiki namespace 14"));
    }

    @Test
    void ftspeechLmTextZstdAndTranscriptTsv() {
        List<Document> lm = readAll("ftspeech-lm", "ftspeech/ft_lm_train_data.txt.zst", "ftspeech");
        assertEquals(3, lm.size());
        assertEquals("tak for ordet hr formand", lm.get(0).text());
        assertEquals(lm, readAll("ftspeech-lm", "ftspeech/ft_lm_train_data.txt", "ftspeech"));
        List<Document> tsv = readAll("ftspeech-tsv", "ftspeech/ft_train.tsv", "ftspeech");
        assertEquals(3, tsv.size());
        assertEquals("ftspeech:20151_M1_000002", tsv.get(1).id());
        assertEquals("jeg vil gerne stille et spørgsmål til ministeren", tsv.get(1).text());
        assertEquals("15.80", tsv.get(1).meta().get("start_time"));
    }

    @Test
    void gigawordFoldersWithManifests() {
        List<Document> docs = readAll("gigaword", "gigaword", "gigaword");
        assertEquals(List.of("gigaword:retsinformationdk_180431", "gigaword:retsinformationdk_180432", "gigaword:tv2r_01672"),
                docs.stream().map(Document::id).toList());
        assertTrue(docs.get(0).text().contains("§ 1. I lov om social service"));
        assertEquals("https://www.retsinformation.dk/eli/lta/2019/180431", docs.get(0).meta().get("uri"));
        assertEquals("2018", docs.get(1).meta().get("year_published"));
        assertEquals("tv2r", docs.get(2).meta().get("section"));
        assertEquals(1, readAll("gigaword", "gigaword/sektioner/tv2r", "gigaword").size());
    }

    @Test
    void gigawordParquetWrittenByDuckDb() {
        List<Document> docs = readAll("gigaword-parquet", "gigaword-parquet/train-00000.parquet", "gigaword");
        assertEquals(2, docs.size());
        assertEquals("gigaword:retsinformationdk_1", docs.get(0).id());
        assertEquals("Lov om hunde.\nHunde skal føres i snor.", docs.get(0).text());
        assertEquals("2020-09-14", docs.get(0).meta().get("added"));
        assertFalse(docs.get(0).meta().containsKey("token_count"));
    }

    @Test
    void convokitUtterancesPlainAndZstd() {
        List<Document> docs = readAll("convokit", "reddit/utterances.jsonl", "reddit");
        assertEquals(3, docs.size());
        assertEquals("reddit:c1", docs.get(0).id());
        assertEquals("bruger1", docs.get(0).meta().get("speaker"));
        assertEquals(docs, readAll("convokit", "reddit/utterances.jsonl.zst", "reddit"));
    }

    @Test
    void twitterBz2SkipsDeletionNoticesAndPrefersFullText() {
        ReadOptions options = ReadOptions.failFast("twitter");
        List<Document> docs;
        try (Stream<Document> s = new TwitterReader().read(Fixtures.path("twitter/2019-01-01.json.bz2"), options)) {
            docs = s.toList();
        }
        assertEquals(2, docs.size());
        assertEquals("Godt nytår til alle!\nVi ses i 2019", docs.get(0).text());
        assertTrue(docs.get(1).text().startsWith("Første tweet i det nye år handler om vejret"));
        assertEquals("twitter:1080000000000000002", docs.get(1).id());
        assertEquals("da", docs.get(1).meta().get("lang"));
        assertEquals(1L, options.log().skipped().get("twitter delete notice"));
    }

    @Test
    void everyFormatHasAReader() {
        for (String f : Readers.formats()) {
            Readers.forFormat(f);
        }
    }
}
