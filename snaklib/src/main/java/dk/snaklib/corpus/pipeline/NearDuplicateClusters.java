package dk.snaklib.corpus.pipeline;

import java.util.Arrays;

/**
 * Near-duplicate clusters on one machine: documents are nodes, numbered in the run's order; two documents that
 * share a MinHash band key are linked (to the bucket's first document: star edges, which give the same
 * components as all pairs); a cluster is a connected component, found by union-find with path halving, its
 * representative always its least member. Which document of a cluster survives is {@link #keeps(long, long)},
 * the rule the Spark engine applies to the components its large-star/small-star rounds find. Not thread-safe.
 */
public final class NearDuplicateClusters {
    private final LongIntMap[] buckets;
    private int[] parent = new int[1024];
    private int size;

    public NearDuplicateClusters(int bands) {
        buckets = new LongIntMap[bands];
        for (int i = 0; i < bands; i++) {
            buckets[i] = new LongIntMap();
        }
    }

    /**
     * The rule both engines keep one document of a duplicate group by: the document whose position in the run's
     * order is the least of its group's ({@code component}: the least position among the group's members). So
     * the earliest document of each cluster survives, as the first occurrence does in exact dedup.
     */
    public static boolean keeps(long position, long component) {
        return position == component;
    }

    /** Adds the next document by its band keys (one per band); returns its number (0, 1, 2, ... in order). */
    public int add(long[] bandKeys) {
        if (bandKeys.length != buckets.length) {
            throw new IllegalArgumentException("expected " + buckets.length + " band keys, got " + bandKeys.length);
        }
        if (size == Integer.MAX_VALUE) {
            throw new IllegalStateException("more than " + Integer.MAX_VALUE + " documents reached MinHash on one "
                    + "machine; run the pipeline with --engine spark");
        }
        if (size == parent.length) {
            parent = Arrays.copyOf(parent, (int) Math.min(Integer.MAX_VALUE, 2L * parent.length));
        }
        int id = size++;
        parent[id] = id;
        for (int b = 0; b < bandKeys.length; b++) {
            int first = buckets[b].putIfAbsent(bandKeys[b], id);
            if (first >= 0) {
                union(id, first);
            }
        }
        return id;
    }

    /** Documents added so far. */
    public int size() {
        return size;
    }

    /** The least member of {@code id}'s cluster. */
    public int component(int id) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("document " + id + " of " + size);
        }
        int x = id;
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /** Whether document {@code id} survives: {@link #keeps(long, long)} on its cluster. */
    public boolean keeps(int id) {
        return keeps(id, component(id));
    }

    private void union(int a, int b) {
        int ra = component(a);
        int rb = component(b);
        if (ra < rb) {
            parent[rb] = ra;
        } else if (rb < ra) {
            parent[ra] = rb;
        }
    }
}
