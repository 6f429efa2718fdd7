package dk.snaklib.spark;

import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.corpus.pipeline.MinHashDeduplicator;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A corpus with planted near-duplicate chains: A~B and B~C share a MinHash band under the study's settings
 * (64 permutations, Jaccard 0.85: 4 bands x 15 rows), A and C share none, and no chain touches another chain or
 * an unrelated document. Each chain is found by a seeded search (B is A with one word changed, C is B with
 * another; candidates are tried until the bands come out so), and the property is checked on the band keys, so
 * the chain is real for our hash functions, not hoped for.
 *
 * <p>Order: source "one" holds the unrelated documents, then every chain's A and C, spread over two files;
 * source "two" holds every B, then exact copies of some unrelated documents. So A and C each look like a
 * survivor until B, in a later source, joins them into one cluster, of which only A, the earliest, survives.
 */
record ChainedCorpus(List<Chain> chains, List<String> distinct, int exactCopies, List<Path> one, List<Path> two) {
    record Chain(String a, String b, String c) {}

    private static final int WORDS = 40;

    static ChainedCorpus write(Path dir, int chainCount, long seed) throws IOException {
        MinHashDeduplicator m = new MinHashDeduplicator(MinHashDeduplicator.Config.study());
        Random rng = new Random(seed);
        List<Chain> chains = new ArrayList<>();
        List<long[]> taken = new ArrayList<>(); // band keys of every document so far: nothing may link across groups
        while (chains.size() < chainCount) {
            String a = text(rng);
            long[] ka = m.bandKeys(a);
            if (sharesAny(ka, taken)) {
                continue;
            }
            Chain found = null;
            for (int attempt = 0; attempt < 10_000 && found == null; attempt++) {
                String b = edit(a, rng);
                long[] kb = m.bandKeys(b);
                if (!shares(ka, kb) || sharesAny(kb, taken)) {
                    continue;
                }
                for (int again = 0; again < 200 && found == null; again++) {
                    String c = edit(b, rng);
                    long[] kc = m.bandKeys(c);
                    if (shares(kb, kc) && !shares(ka, kc) && !sharesAny(kc, taken)) {
                        found = new Chain(a, b, c);
                        taken.addAll(List.of(ka, kb, kc));
                    }
                }
            }
            if (found == null) {
                throw new IllegalStateException("no chain found: the search space is too small for these bands");
            }
            chains.add(found);
        }
        List<String> distinct = new ArrayList<>();
        while (distinct.size() < 30) {
            String t = text(rng);
            long[] k = m.bandKeys(t);
            if (!sharesAny(k, taken)) {
                distinct.add(t);
                taken.add(k);
            }
        }
        Files.createDirectories(dir);
        List<String> oneA = new ArrayList<>(distinct.subList(0, 15));
        List<String> oneB = new ArrayList<>(distinct.subList(15, 30));
        for (int i = 0; i < chains.size(); i++) { // A before C: two provisional survivors until B comes
            (i % 2 == 0 ? oneA : oneB).add(chains.get(i).a());
        }
        for (int i = 0; i < chains.size(); i++) {
            oneB.add(chains.get(i).c());
        }
        List<String> two = new ArrayList<>(chains.stream().map(Chain::b).toList());
        int copies = 5;
        two.addAll(distinct.subList(0, copies));
        Path a = Files.write(dir.resolve("one-a.txt"), oneA);
        Path b = Files.write(dir.resolve("one-b.txt"), oneB);
        Path t = Files.write(dir.resolve("two.txt"), two);
        return new ChainedCorpus(chains, distinct, copies, List.of(a, b), List.of(t));
    }

    /** Normalise, exact dedup, MinHash at the study's settings; no language ID (the texts are not Danish). */
    PipelineSpec spec(Path out) {
        return new PipelineSpec(List.of(new PipelineSpec.Source("one", "lines", one), new PipelineSpec.Source("two", "lines", two)),
                out, ErrorPolicy.FAIL_FAST, false, false, true, null, null, true, MinHashDeduplicator.Config.study());
    }

    private static String text(Random rng) {
        String[] w = new String[WORDS];
        for (int i = 0; i < WORDS; i++) {
            w[i] = word(rng);
        }
        return String.join(" ", w);
    }

    private static String word(Random rng) {
        return "ord" + Integer.toString(rng.nextInt(1 << 30), 36);
    }

    /** {@code text} with one word, at a random place, replaced. */
    private static String edit(String text, Random rng) {
        String[] w = text.split(" ");
        w[rng.nextInt(w.length)] = word(rng);
        return String.join(" ", w);
    }

    private static boolean shares(long[] x, long[] y) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) {
                return true;
            }
        }
        return false;
    }

    private static boolean sharesAny(long[] k, List<long[]> others) {
        return others.stream().anyMatch(o -> shares(k, o) || Arrays.equals(k, o));
    }
}
