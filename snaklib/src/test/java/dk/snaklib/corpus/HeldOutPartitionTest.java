package dk.snaklib.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.HeldOutPartition.Split;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldOutPartitionTest {
    @Test
    void bucketsMatchTheDocumentedFormula() {
        // python3 -c 'import hashlib; print([int.from_bytes(hashlib.sha256(("snaklab-heldout-v1:"+u).encode()).digest()[:8],"big")%100 for u in ["a","libreoffice-help:text/swriter/guide/globaldoc_howtos.html","ø"]])'
        assertEquals(java.util.List.of(GOLDEN_A, GOLDEN_PAGE, GOLDEN_OE), java.util.List.of(HeldOutPartition.bucket("a"),
                HeldOutPartition.bucket("libreoffice-help:text/swriter/guide/globaldoc_howtos.html"), HeldOutPartition.bucket("ø")));
    }

    static final int GOLDEN_A = 63;
    static final int GOLDEN_PAGE = 88;
    static final int GOLDEN_OE = 7;

    @Test
    void splitsAboutEightyTenTen() {
        Map<Split, Integer> n = new EnumMap<>(Split.class);
        for (int i = 0; i < 10_000; i++) {
            n.merge(HeldOutPartition.of("unit " + i), 1, Integer::sum);
        }
        assertTrue(Math.abs(n.get(Split.TRAIN) - 8000) < 200, n.toString());
        assertTrue(Math.abs(n.get(Split.HELD_OUT) - 1000) < 120, n.toString());
        assertTrue(Math.abs(n.get(Split.EVAL) - 1000) < 120, n.toString());
    }

    @Test
    void helpPagesOfEveryLanguageShareTheirUnit() {
        String da = HeldOutPartition.helpPageUnit("libreoffice-help", "usr/share/libreoffice/help/da/text/swriter/guide/x.html");
        String en = HeldOutPartition.helpPageUnit("libreoffice-help", "usr/share/libreoffice/help/en-US/text/swriter/guide/x.html");
        assertEquals("libreoffice-help:text/swriter/guide/x.html", da);
        assertEquals(da, en);
    }
}
