package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class StatsTableTest {
    private static final List<SourceStats> ROWS = List.of(
            new SourceStats("gimp", 576, 1, 1913, 29008, 192643, Map.of("langid", 2867L, "exact-dedup", 739L)),
            new SourceStats("manpages", 200, 0, 2298, 30034, 208873, Map.of("minhash", 20L)));

    @Test
    void tablesawTableHasTheParquetColumnsAndValues() {
        Table t = new StatsTable(ROWS, List.of("langid", "exact-dedup", "minhash")).toTablesaw();
        assertEquals("corpus statistics", t.name());
        assertEquals(List.of("source", "read", "bad_input", "kept", "words", "chars", "dropped_langid",
                "dropped_exact_dedup", "dropped_minhash"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals("manpages", t.stringColumn("source").get(1));
        assertEquals(1, t.longColumn("bad_input").get(0));
        assertEquals(29008 + 30034, (long) t.longColumn("words").sum());
        assertEquals(739, t.longColumn("dropped_exact_dedup").get(0));
        assertEquals(0, t.longColumn("dropped_exact_dedup").get(1)); // a step that dropped nothing: 0, not missing
        assertEquals(20, t.longColumn("dropped_minhash").get(1));
    }

    @Test
    void tokensColumnWhenCounted() {
        Table t = new StatsTable(ROWS, List.of("minhash"), Map.of("gimp", 41000L)).toTablesaw();
        assertEquals(List.of("source", "read", "bad_input", "kept", "words", "chars", "tokens", "dropped_minhash"),
                t.columnNames());
        assertEquals(41000, t.longColumn("tokens").get(0));
        assertEquals(0, t.longColumn("tokens").get(1));
    }
}
