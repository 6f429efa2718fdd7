package dk.snaklib.corpus.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What runs a corpus pipeline: {@code local} ({@link CorpusPipeline}, this machine) or {@code spark} (the optional
 * module snaklib-spark, on a Spark master). Both give the same statistics, corpus files and rejects for one spec.
 * Engines are found with {@link ServiceLoader}, so snaklib never needs Spark to compile or to run: the Spark engine
 * exists when its jar is on the classpath ({@code ./snak ... --engine spark} puts it there).
 */
public interface CorpusEngine extends AutoCloseable {
    String name();

    /** Runs {@code spec}, printing progress to {@code log}; the same outputs in the same files as a local run. */
    PipelineResult run(PipelineSpec spec, PrintStream log);

    /** Releases what {@link Provider#open} started (a Spark session). */
    @Override
    void close();

    /** Makes an engine; listed in {@code META-INF/services/dk.snaklib.corpus.pipeline.CorpusEngine$Provider}. */
    interface Provider {
        String name();

        /** @param options engine settings, e.g. {@code master -> local[2]}; an unknown one is an error */
        CorpusEngine open(Map<String, String> options, PrintStream log);
    }

    /** Opens the engine called {@code name}, or says which engines there are and how to get the missing one. */
    static CorpusEngine open(String name, Map<String, String> options, PrintStream log) {
        List<String> found = new ArrayList<>();
        for (Provider p : ServiceLoader.load(Provider.class, CorpusEngine.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p.open(options, log);
            }
            found.add(p.name());
        }
        String hint = name.equals("spark")
                ? ". The Spark engine is the optional module snaklib-spark: ./snak puts it on the classpath when given "
                        + "--engine spark (building it on first use); from Maven, depend on dk.snaklab:snaklib-spark"
                : "";
        throw new IllegalArgumentException("no corpus engine \"" + name + "\" on the classpath (engines found: "
                + String.join(", ", found) + ")" + hint);
    }

    /** The engine on this machine: {@link CorpusPipeline#run(PipelineSpec, PrintStream)}. Takes no options. */
    final class Local implements CorpusEngine {
        @Override
        public String name() {
            return "local";
        }

        @Override
        public PipelineResult run(PipelineSpec spec, PrintStream log) {
            return CorpusPipeline.run(spec, log);
        }

        @Override
        public void close() {}

        /** The local engine's provider. */
        public static final class LocalProvider implements Provider {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public CorpusEngine open(Map<String, String> options, PrintStream log) {
                if (!options.isEmpty()) {
                    throw new IllegalArgumentException("the local engine takes no engine options, got " + options.keySet()
                            + " (--master is for --engine spark)");
                }
                return new Local();
            }
        }
    }
}
