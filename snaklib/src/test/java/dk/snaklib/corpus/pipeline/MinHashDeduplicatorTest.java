package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MinHashDeduplicatorTest {
    private static final String[] WORDS = ("og i at det en den til er som på de med af for ikke der var har et jeg han "
            + "hun vi men om kan fra så skal blev eller hvor også have være ved efter når man by skole hus vej bil cykel "
            + "kommune borger lærer elev barn familie arbejde penge regering minister lov forslag møde dag år uge aften "
            + "morgen sommer vinter regn sol vind hav strand skov mark gård ko hest hund kat brød kaffe te mælk ost "
            + "bog avis nyhed historie musik film teater kirke konge dronning land verden europa danmark jylland fyn "
            + "sjælland københavn aarhus odense aalborg stor lille ny gammel god dårlig lang kort høj lav varm kold").split(" ");

    /** A seeded random text of n words from a Danish vocabulary: distinct texts share almost no 5-word shingles. */
    private static String text(Random rng, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rng.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /** {@code text} with {@code k} words replaced at random positions. */
    private static String edit(String text, int k, Random rng) {
        String[] w = text.split(" ");
        for (int i = 0; i < k; i++) {
            w[rng.nextInt(w.length)] = "ÆNDRET" + i;
        }
        return String.join(" ", w);
    }

    @Test
    void studyParametersDeriveBandsAndRows() {
        LshParameters p64 = LshParameters.optimal(0.85, 64);
        LshParameters p128 = LshParameters.optimal(0.85, 128);
        System.out.println("MinHash LSH at Jaccard 0.85: 64 permutations -> " + p64 + "; 128 -> " + p128);
        assertTrue(p64.bands() * p64.rows() <= 64 && p128.bands() * p128.rows() <= 128);
        // 64 permutations at 0.85 give 4 x 15: a pair at Jaccard 0.98 is caught almost surely, one at 0.93 ~83% of the
        // time, one at 0.5 almost never. These are the study's settings, not a bug: near the threshold LSH is a coin.
        assertEquals(4, p64.bands());
        assertEquals(15, p64.rows());
        assertTrue(p64.candidateProbability(0.98) > 0.99 && p64.candidateProbability(0.5) < 0.001, p64.toString());
        System.out.println(new MinHashDeduplicator().describe());
    }

    @Test
    void permutationIsTheHighHalfOfMultiplyAddModulo2To64() {
        Random rng = new Random(1);
        var mod = java.math.BigInteger.ONE.shiftLeft(64);
        for (int i = 0; i < 1000; i++) {
            long a = rng.nextLong();
            long b = rng.nextLong();
            long x = rng.nextInt() & 0xFFFF_FFFFL;
            long expected = new java.math.BigInteger(Long.toUnsignedString(a)).multiply(java.math.BigInteger.valueOf(x))
                    .add(new java.math.BigInteger(Long.toUnsignedString(b))).mod(mod).shiftRight(32).longValueExact();
            assertEquals(expected, MinHasher.permute(a, b, x));
        }
    }

    /**
     * The estimator is what MinHash promises: for two shingle sets of Jaccard similarity J, the fraction of equal
     * signature values averages J over hash seeds, and spreads like the mean of 64 independent coin flips. Hash
     * functions that are too alike (in the extreme, one function 64 times) keep the mean but multiply the spread.
     */
    @Test
    void signatureSimilarityEstimatesJaccardWithoutBias() {
        Random rng = new Random(7);
        for (double jaccard : new double[] {0.3, 0.6, 0.85, 0.95}) {
            int union = 400;
            int common = (int) Math.round(jaccard * union);
            double sum = 0;
            double sumSquares = 0;
            int trials = 300;
            for (int t = 0; t < trials; t++) {
                int[] shared = rng.ints(common).toArray();
                int onlyEach = (union - common) / 2;
                int[] x = java.util.stream.IntStream.concat(java.util.Arrays.stream(shared), rng.ints(onlyEach)).toArray();
                int[] y = java.util.stream.IntStream.concat(java.util.Arrays.stream(shared), rng.ints(union - common - onlyEach)).toArray();
                MinHasher h = new MinHasher(64, 5, t);
                double estimate = MinHasher.similarity(h.signatureOfShingles(x), h.signatureOfShingles(y));
                sum += estimate;
                sumSquares += estimate * estimate;
            }
            double mean = sum / trials;
            double spread = Math.sqrt(sumSquares / trials - mean * mean);
            double independent = Math.sqrt(jaccard * (1 - jaccard) / 64);
            // one estimate has standard deviation sqrt(J(1-J)/64) <= 0.0625; the mean of 300, <= 0.0036
            assertEquals(jaccard, mean, 0.015, "mean MinHash similarity at Jaccard " + jaccard);
            assertTrue(spread < 1.3 * independent && spread > 0.7 * independent,
                    "spread " + spread + " at Jaccard " + jaccard + ", independent functions give " + independent);
        }
    }

    @Test
    void removesPlantedNearDuplicatesAndKeepsDistinctDocuments() {
        for (int numPerm : new int[] {64, 128}) {
            Random rng = new Random(42);
            List<Document> docs = new ArrayList<>();
            List<String> originals = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String t = text(rng, 1000);
                originals.add(t);
                docs.add(new Document("orig-" + i, "test", t));
            }
            for (int i = 0; i < 100; i++) { // three words changed in a 1000-word document: Jaccard about 0.97
                docs.add(new Document("near-" + i, "test", edit(originals.get(i), 3, rng)));
            }
            for (int i = 0; i < 50; i++) { // 150 words changed: Jaccard about 0.3, a different document
                docs.add(new Document("far-" + i, "test", edit(originals.get(100 + i), 150, rng)));
            }
            MinHashDeduplicator dedup = new MinHashDeduplicator(new MinHashDeduplicator.Config(numPerm, 0.85, 5, 42));
            docs.forEach(d -> dedup.add(d.text()));
            Set<String> dropped = java.util.stream.IntStream.range(0, docs.size()).filter(i -> !dedup.keeps(i))
                    .mapToObj(i -> docs.get(i).id()).collect(Collectors.toSet());
            long nearRemoved = dropped.stream().filter(id -> id.startsWith("near-")).count();
            long othersRemoved = dropped.size() - nearRemoved;
            System.out.printf("%d permutations: near-duplicates removed %d/100, other documents removed %d/350%n",
                    numPerm, nearRemoved, othersRemoved);
            assertTrue(nearRemoved >= 95, "near duplicates removed: " + nearRemoved);
            assertEquals(0, othersRemoved, "distinct documents must be kept: " + dropped);
        }
    }

    /**
     * Clusters are connected components: A and B share band 0, B and C share band 1, A and C share nothing, so all
     * three are one cluster and only A (the earliest) survives. Dropping only what shares a band with a kept
     * document, as the streaming rule before did, would have kept C. Union-find merges two clusters a later
     * document joins, and keeps the earliest of the merged one.
     */
    @Test
    void clustersAreConnectedComponentsAndKeepTheirEarliestMember() {
        NearDuplicateClusters c = new NearDuplicateClusters(2);
        int a = c.add(new long[] {1, 10});
        int x = c.add(new long[] {5, 50}); // alone so far
        int b = c.add(new long[] {1, 20}); // ~A by band 0
        int cc = c.add(new long[] {2, 20}); // ~B by band 1, shares no band with A
        int y = c.add(new long[] {7, 50}); // ~X
        assertEquals(List.of(true, true, false, false, false), List.of(c.keeps(a), c.keeps(x), c.keeps(b), c.keeps(cc), c.keeps(y)));
        assertEquals(a, c.component(cc));
        int bridge = c.add(new long[] {5, 10}); // ~X by band 0 and ~A by band 1: the two clusters become one
        assertEquals(a, c.component(x));
        assertEquals(a, c.component(y));
        assertEquals(List.of(true, false, false), List.of(c.keeps(a), c.keeps(x), c.keeps(bridge)));
        assertTrue(NearDuplicateClusters.keeps(3, 3) && !NearDuplicateClusters.keeps(4, 3));
    }

    @Test
    void signatureIsDeterministicForTheSeed() {
        MinHasher a = new MinHasher(64, 5, 42);
        MinHasher b = new MinHasher(64, 5, 42);
        String t = "Det er en god dag i Aarhus, og solen skinner over havnen hele eftermiddagen.";
        assertTrue(java.util.Arrays.equals(a.signature(t), b.signature(t)));
        assertEquals(1.0, MinHasher.similarity(a.signature(t), b.signature(t)));
        assertTrue(MinHasher.similarity(a.signature(t), a.signature("Noget helt andet om vejret i morgen.")) < 0.2);
    }
}
