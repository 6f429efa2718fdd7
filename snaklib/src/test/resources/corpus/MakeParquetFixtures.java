// Writes the Parquet fixtures with DuckDB, a writer independent of the parquet-java library snaklib reads with.
// Run from this folder (DuckDB's JDBC jar, MIT licence, is not a project dependency):
//   mvn dependency:get -Dartifact=org.duckdb:duckdb_jdbc:1.4.4.0
//   java -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/1.4.4.0/duckdb_jdbc-1.4.4.0.jar MakeParquetFixtures.java
import java.sql.DriverManager;

public class MakeParquetFixtures {
    public static void main(String[] args) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement()) {
            // CulturaX shard: text, timestamp, url, source; snappy like the published shards; 2 rows per row group.
            s.execute("""
                COPY (SELECT * FROM (VALUES
                  ('Vejret i morgen bliver solrigt med temperaturer op til 20 grader.', '2019-06-01 10:00:00', 'https://vejr.example.dk/1', 'mC4'),
                  ('Køb billige flybilletter til Mallorca hos os.', '2020-02-11 08:30:00', 'https://rejser.example.dk/2', 'OSCAR-2019'),
                  ('Foreningen holder generalforsamling den 3. marts i klubhuset.', '2021-01-20 19:00:00', 'https://klub.example.dk/3', 'OSCAR-2109'),
                  (NULL, '2021-01-21 19:00:00', 'https://klub.example.dk/4', 'mC4')
                ) t(text, timestamp, url, source))
                TO 'culturax/da_part_00000.parquet' (FORMAT PARQUET, COMPRESSION SNAPPY, ROW_GROUP_SIZE 2)""");
            // Danish Gigaword, parquet form: id, text, source, added, created (+ token_count, ignored).
            s.execute("""
                COPY (SELECT * FROM (VALUES
                  ('retsinformationdk_1', 'Lov om hunde.\nHunde skal føres i snor.', 'retsinformationdk', '2020-09-14', '2019-01-01, 2019-12-31', 9),
                  ('wiki_2', 'Rugbrød er et mørkt brød lavet af rug.', 'wiki', '2021-03-28', '2021-01-01, 2021-12-31', 10)
                ) t(id, text, source, added, created, token_count))
                TO 'gigaword-parquet/train-00000.parquet' (FORMAT PARQUET, COMPRESSION ZSTD)""");
            // Bad: a "text" column that is not text.
            s.execute("""
                COPY (SELECT 42::BIGINT AS text, 'https://x' AS url) TO 'bad/wrong-schema.parquet' (FORMAT PARQUET)""");
        }
    }
}
