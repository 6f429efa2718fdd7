package dk.snaklib.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Connected components by alternating large-star and small-star rounds (Kiveris, Lattanzi, Mirrokni, Rastogi and
 * Vassilvitskii, "Connected Components in Map Reduce and Beyond", SoCC 2014), the algorithm text-dedup and
 * BigCode run on Spark for MinHash clusters. Edges are kept as (larger node, smaller node).
 *
 * <ul>
 *   <li>Large-star: each node u links every larger neighbour to the least node of u's neighbourhood (u included).
 *   <li>Small-star: each node u links itself and its smaller neighbours to the least of them.
 * </ul>
 * Neither round changes the components; together they shrink every component to a star around its least node.
 * A round's changes are the edges it moves; when both rounds move none, every edge is (member, least member).
 * Each round is one groupByKey plus a count; the number of rounds grows with the logarithm of the largest
 * component's size. This is our own code, written from the paper's description.
 */
final class StarComponents {
    /** Rounds before giving up: far more than the O(log^2 n) the paper bounds. */
    static final int MAX_ROUNDS = 100;

    private StarComponents() {}

    /**
     * The component of every node that has an edge, as (node, least node of its component); least nodes map to
     * themselves only if they are not listed (they are: a root is never a key). Edges in either direction; self
     * edges and repeats are ignored.
     */
    static JavaPairRDD<Long, Long> of(JavaPairRDD<Long, Long> edges, PrintStream log) {
        JavaPairRDD<Long, Long> e = edges.filter(t -> !t._1().equals(t._2()))
                .mapToPair(t -> t._1() > t._2() ? t : new Tuple2<>(t._2(), t._1())).distinct()
                .persist(StorageLevel.MEMORY_AND_DISK());
        long count = e.count();
        List<JavaPairRDD<Long, Long>> old = new ArrayList<>();
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            Moved large = largeStar(e);
            old.add(e);
            Moved small = smallStar(large.edges);
            old.add(large.edges);
            e = small.edges;
            old.forEach(JavaPairRDD::unpersist);
            old.clear();
            log.printf("  connected components, round %d: large-star moved %,d edges, small-star %,d (edges %,d at the start)%n",
                    round, large.changes, small.changes, count);
            if (large.changes == 0 && small.changes == 0) {
                return e;
            }
        }
        throw new IllegalStateException("connected components did not converge in " + MAX_ROUNDS + " large-star/small-star "
                + "rounds over " + count + " edges");
    }

    /** A round's new edges (persisted, counted) and how many edges it moved. */
    private record Moved(JavaPairRDD<Long, Long> edges, long changes) {}

    /** Emitted edge: (larger, smaller) and whether it replaced another. */
    private record Emitted(long larger, long smaller, boolean moved) implements java.io.Serializable {}

    private static Moved largeStar(JavaPairRDD<Long, Long> e) {
        JavaRDD<Emitted> out = e.flatMapToPair(t -> List.of(t, new Tuple2<>(t._2(), t._1())).iterator()).groupByKey()
                .flatMap(g -> {
                    long u = g._1();
                    long m = u;
                    for (long v : g._2()) {
                        m = Math.min(m, v);
                    }
                    List<Emitted> emitted = new ArrayList<>();
                    for (long v : g._2()) {
                        if (v > u) { // each edge is emitted once, by its smaller end
                            emitted.add(new Emitted(v, m, m != u));
                        }
                    }
                    return emitted.iterator();
                });
        return collect(out);
    }

    private static Moved smallStar(JavaPairRDD<Long, Long> e) {
        JavaRDD<Emitted> out = e.groupByKey() // key: the larger end; values: u's smaller neighbours
                .flatMap(g -> {
                    long u = g._1();
                    long m = Long.MAX_VALUE;
                    for (long v : g._2()) {
                        m = Math.min(m, v);
                    }
                    List<Emitted> emitted = new ArrayList<>();
                    emitted.add(new Emitted(u, m, false)); // the edge (u, m) was there already
                    for (long v : g._2()) {
                        if (v != m) {
                            emitted.add(new Emitted(v, m, true)); // (u, v) becomes (v, m)
                        }
                    }
                    return emitted.iterator();
                });
        return collect(out);
    }

    private static Moved collect(JavaRDD<Emitted> out) {
        out.persist(StorageLevel.MEMORY_AND_DISK());
        long changes = out.filter(Emitted::moved).count();
        JavaPairRDD<Long, Long> edges = out.mapToPair(x -> new Tuple2<>(x.larger(), x.smaller())).distinct()
                .persist(StorageLevel.MEMORY_AND_DISK());
        edges.count();
        out.unpersist();
        return new Moved(edges, changes);
    }
}
