package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ScandEval's Hub datasets are Parquet written by HF datasets (pyarrow): lists as the three-level LIST layout
 * ({@code list / element}), {@code answers} as a struct of two lists. The same rows as Parquet and as JSON lines
 * must load into the same examples.
 */
class ParquetSplitTest {
    static final MessageType QA = MessageTypeParser.parseMessageType("""
            message schema {
              optional binary id (STRING);
              optional binary context (STRING);
              optional binary question (STRING);
              optional group answers {
                optional group text (LIST) { repeated group list { optional binary element (STRING); } }
                optional group answer_start (LIST) { repeated group list { optional int32 element; } }
              }
            }""");
    static final MessageType NER = MessageTypeParser.parseMessageType("""
            message schema {
              optional binary text (STRING);
              optional group tokens (LIST) { repeated group list { optional binary element (STRING); } }
              optional group labels (LIST) { repeated group list { optional binary element (STRING); } }
            }""");

    @TempDir
    Path tmp;

    @Test
    void hfParquetAndJsonLinesLoadTheSameExamples() throws Exception {
        for (String split : BenchmarkData.SPLITS) {
            try (ParquetWriter<Group> w = writer(tmp.resolve("qa-parquet/" + split + ".parquet"), QA)) {
                SimpleGroupFactory f = new SimpleGroupFactory(QA);
                StringBuilder json = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    Group g = f.newGroup().append("id", split + i).append("context", "Mette bor i Aalborg, skrev hun " + i + ".")
                            .append("question", "Hvor bor Mette?");
                    Group answers = g.addGroup("answers");
                    Group text = answers.addGroup("text");
                    text.addGroup("list").append("element", "Aalborg");
                    text.addGroup("list").append("element", "i Aalborg");
                    Group start = answers.addGroup("answer_start");
                    start.addGroup("list").append("element", 12);
                    start.addGroup("list").append("element", 10);
                    w.write(g);
                    json.append("{\"id\":\"").append(split).append(i).append("\",\"context\":\"Mette bor i Aalborg, skrev hun ")
                            .append(i).append(".\",\"question\":\"Hvor bor Mette?\",\"answers\":{\"text\":[\"Aalborg\",\"i Aalborg\"],")
                            .append("\"answer_start\":[12,10]}}\n");
                }
                Files.createDirectories(tmp.resolve("qa-json"));
                Files.writeString(tmp.resolve("qa-json/" + split + ".jsonl"), json);
            }
            try (ParquetWriter<Group> w = writer(tmp.resolve("ner-parquet/" + split + ".parquet"), NER)) {
                SimpleGroupFactory f = new SimpleGroupFactory(NER);
                StringBuilder json = new StringBuilder();
                for (int i = 0; i < 4; i++) {
                    Group g = f.newGroup().append("text", "Mette bor i Aalborg");
                    Group tokens = g.addGroup("tokens");
                    Group labels = g.addGroup("labels");
                    String[] t = {"Mette", "bor", "i", i % 2 == 0 ? "Aalborg" : "DR"};
                    String[] l = {"B-PER", "O", "O", i % 2 == 0 ? "B-LOC" : "B-ORG"};
                    for (int k = 0; k < 4; k++) {
                        tokens.addGroup("list").append("element", t[k]);
                        labels.addGroup("list").append("element", l[k]);
                    }
                    w.write(g);
                    json.append("{\"text\":\"Mette bor i Aalborg\",\"tokens\":[\"Mette\",\"bor\",\"i\",\"").append(t[3])
                            .append("\"],\"labels\":[\"B-PER\",\"O\",\"O\",\"").append(l[3]).append("\"]}\n");
                }
                Files.createDirectories(tmp.resolve("ner-json"));
                Files.writeString(tmp.resolve("ner-json/" + split + ".jsonl"), json);
            }
        }
        assertSame(BenchmarkData.load(tmp.resolve("qa-parquet"), DanishTasks.SCANDIQA_DA),
                BenchmarkData.load(tmp.resolve("qa-json"), DanishTasks.SCANDIQA_DA));
        assertSame(BenchmarkData.load(tmp.resolve("ner-parquet"), DanishTasks.DANSK),
                BenchmarkData.load(tmp.resolve("ner-json"), DanishTasks.DANSK));
        Example qa = BenchmarkData.load(tmp.resolve("qa-parquet"), DanishTasks.SCANDIQA_DA).test().get(3);
        assertEquals(List.of("Aalborg", "i Aalborg"), qa.answers());
        assertEquals("test3", qa.id());
    }

    private static void assertSame(BenchmarkData a, BenchmarkData b) {
        for (var pair : List.of(List.of(a.train(), b.train()), List.of(a.val(), b.val()), List.of(a.test(), b.test()))) {
            assertEquals(pair.get(1).stream().map(e -> e.fields().toString()).toList(),
                    pair.get(0).stream().map(e -> e.fields().toString()).toList());
        }
    }

    private static ParquetWriter<Group> writer(Path file, MessageType schema) throws Exception {
        Files.createDirectories(file.getParent());
        return ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withType(schema).build();
    }
}
