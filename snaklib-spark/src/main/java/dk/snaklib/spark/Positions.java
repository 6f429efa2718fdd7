package dk.snaklib.spark;

/**
 * A document's position in the run's order as one long, so that sorting by it gives the order a local run sees:
 * source (8 bits), then input file within the source (20 bits), then the event number within the file (35 bits:
 * every document a task keeps or rejects, in the order the steps decide). Components are named by their least
 * position, which is the local engine's earliest document.
 */
final class Positions {
    static final int SOURCE_BITS = 8;
    static final int FILE_BITS = 20;
    static final int EVENT_BITS = 35;
    static final long MAX_EVENTS = (1L << EVENT_BITS) - 1;

    private Positions() {}

    static long of(int source, int file, long event) {
        if (source < 0 || source >= 1 << SOURCE_BITS) {
            throw new IllegalArgumentException("the Spark engine takes at most " + (1 << SOURCE_BITS) + " sources, got source " + (source + 1));
        }
        if (file < 0 || file >= 1 << FILE_BITS) {
            throw new IllegalArgumentException("the Spark engine takes at most " + (1 << FILE_BITS) + " files per source");
        }
        if (event < 0 || event > MAX_EVENTS) {
            throw new IllegalArgumentException("more than " + MAX_EVENTS + " documents from one input file; split the file");
        }
        return ((long) source << (FILE_BITS + EVENT_BITS)) | ((long) file << EVENT_BITS) | event;
    }

    static int source(long position) {
        return (int) (position >>> (FILE_BITS + EVENT_BITS));
    }
}
