// Writes the instruction-set reader fixtures (Parquet in each set's real columns, as the Hugging Face hub serves
// them) with DuckDB, a writer independent of the parquet-java library snaklib reads with; the text is written for
// these tests. Run from this folder (DuckDB's JDBC jar, MIT licence, is not a project dependency):
//   mvn dependency:get -Dartifact=org.duckdb:duckdb_jdbc:1.4.4.0
//   java -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/1.4.4.0/duckdb_jdbc-1.4.4.0.jar MakeInstructionFixtures.java
// then: zstd -19 -q --rm aya_collection_language_split/danish/train-extra.jsonl (see the end of main).
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

public class MakeInstructionFixtures {
    public static void main(String[] args) throws Exception {
        for (String d : new String[] {"skolegpt-instruct/data", "danish-OpenHermes/data", "aya_collection_language_split/danish", "bad"}) {
            Files.createDirectories(Path.of(d));
        }
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement()) {
            // SkoleGPT-instruct: id, system_prompt, question, response, source. Row 4: null response; row 5: empty.
            s.execute("""
                COPY (SELECT * FROM (VALUES
                  ('niv.1', 'Du er en hjælpsom assistent.', 'Hvad er 2 + 2?', 'Det er 4.', 'niv'),
                  ('t0.2', '', 'Nævn en dansk ø.', 'Fyn.', 't0'),
                  ('cot.3', 'Svar kort.', 'Hvilken farve har himlen?', 'Blå.', 'cot'),
                  ('cot.4', 'Svar kort.', 'Hvad hedder Danmarks hovedstad?', NULL, 'cot'),
                  ('flan.5', 'Svar kort.', 'Hvad er et år?', '', 'flan')
                ) t(id, system_prompt, question, response, source))
                TO 'skolegpt-instruct/data/train-00000-of-00001.parquet' (FORMAT PARQUET, COMPRESSION SNAPPY, ROW_GROUP_SIZE 2)""");
            // danish-OpenHermes: instructions, inputs, outputs. Row 3: a blank answer.
            s.execute("""
                COPY (SELECT * FROM (VALUES
                  ('Oversæt til engelsk.', 'Hej verden', 'Hello world'),
                  ('Skriv et haiku om efterår.', '', 'Blade falder ned'),
                  ('Opsummer teksten.', 'Lang tekst.', '   ')
                ) t(instructions, inputs, outputs))
                TO 'danish-OpenHermes/data/train-00000-of-00001.parquet' (FORMAT PARQUET, COMPRESSION ZSTD)""");
            // Aya collection, Danish split: id (int64), inputs, targets, and the columns the study drops.
            s.execute("""
                COPY (SELECT * FROM (VALUES
                  (101::BIGINT, 'Hvad er hovedstaden i Norge?', 'Oslo.', 'Aya-Dataset', '-', 'question-answering', '0', 'dan', 'Latn', 'train'),
                  (102::BIGINT, 'Fortsæt sætningen: Det regner', 'i dag.', 'Aya-Dataset', '-', 'generation', '0', 'dan', 'Latn', 'train')
                ) t(id, inputs, targets, dataset_name, sub_dataset_name, task_type, template_id, language, script, split))
                TO 'aya_collection_language_split/danish/train-00000-of-00001.parquet' (FORMAT PARQUET)""");
            // Wrong schema for Aya: no targets column.
            s.execute("COPY (SELECT 1::BIGINT AS id, 'x' AS inputs) TO 'bad/no-targets.parquet' (FORMAT PARQUET)");
        }
        // Aya as JSON lines (a datasets export): a good row, a row without targets, broken JSON, a good row.
        Files.writeString(Path.of("aya_collection_language_split/danish/train-extra.jsonl"), """
                {"id": 201, "inputs": "Hvad er 3 gange 3?", "targets": "9.", "task_type": "question-answering"}
                {"id": 202, "inputs": "Hvad er 4 gange 4?"}
                {"id": 203, "inputs": "brudt
                {"id": 204, "inputs": "Hvad er 5 gange 5?", "targets": "25."}
                """);
    }
}
