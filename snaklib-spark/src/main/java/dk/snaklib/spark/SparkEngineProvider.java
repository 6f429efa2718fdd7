package dk.snaklib.spark;

import dk.snaklib.corpus.pipeline.CorpusEngine;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code spark} corpus engine for {@link CorpusEngine#open}: options {@code master} (local[2], spark://HOST:7077;
 * default local[*]), any {@code spark.*} setting, and {@code snak.spark.connectTimeoutSeconds} /
 * {@code snak.spark.executorWaitSeconds} (how long to try an unreachable master / wait for an executor).
 */
public final class SparkEngineProvider implements CorpusEngine.Provider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public CorpusEngine open(Map<String, String> options, PrintStream log) {
        Map<String, String> conf = new LinkedHashMap<>(options);
        String master = conf.remove("master");
        for (String k : conf.keySet()) {
            if (!k.startsWith("spark.") && !k.equals(SparkSessions.CONNECT_TIMEOUT) && !k.equals(SparkSessions.EXECUTOR_WAIT)) {
                throw new IllegalArgumentException("unknown Spark engine option " + k + " (expected master, spark.* settings, "
                        + SparkSessions.CONNECT_TIMEOUT + " or " + SparkSessions.EXECUTOR_WAIT + ")");
            }
        }
        return SparkCorpusEngine.start(master, conf, log);
    }
}
