package dk.snaklib.corpus.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CulturaX-shaped shards written by parquet-java itself (the DuckDB-written fixture is in ReadersTest). */
class ParquetRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void culturaxShardWrittenByParquetJavaWithGzipAndSmallRowGroups() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message culturax { optional binary text (STRING); "
                + "optional binary timestamp (STRING); optional binary url (STRING); optional binary source (STRING); }");
        Path file = tmp.resolve("da_part_00001.parquet");
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(schema)
                .withCompressionCodec(CompressionCodecName.GZIP).withRowGroupSize(1024L).withPageSize(256).build()) {
            SimpleGroupFactory f = new SimpleGroupFactory(schema);
            for (int i = 0; i < 500; i++) {
                w.write(f.newGroup().append("text", "Dokument nummer " + i + " handler om vejret i Danmark.")
                        .append("timestamp", "2021-01-01 00:00:00").append("url", "https://x.example.dk/" + i).append("source", "mC4"));
            }
        }
        List<Document> docs;
        try (Stream<Document> s = new CulturaXReader().read(file, ReadOptions.failFast("culturax"))) {
            docs = s.toList();
        }
        assertEquals(500, docs.size());
        assertEquals("Dokument nummer 499 handler om vejret i Danmark.", docs.get(499).text());
        assertEquals("https://x.example.dk/7", docs.get(7).meta().get("url"));
        assertEquals("culturax:da_part_00001.parquet:500", docs.get(499).id());
    }
}
