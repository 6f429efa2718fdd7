package dk.snaklib.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the Spark session the engine runs on. A {@code spark://} master is checked first (a TCP connect to every
 * master of the URL, bounded), and after the session starts at least one executor must register within
 * {@code snak.spark.executorWaitSeconds} (default 60): an unreachable master or a cluster with no free workers is
 * a clear error in bounded time, never a job that waits for ever. The driver binds to loopback for
 * {@code local[...]} masters (tests, one machine); for a cluster it binds where {@code spark.driver.host} says.
 */
final class SparkSessions {
    static final String EXECUTOR_WAIT = "snak.spark.executorWaitSeconds";
    static final String CONNECT_TIMEOUT = "snak.spark.connectTimeoutSeconds";

    private SparkSessions() {}

    static SparkSession start(String master, Map<String, String> conf, PrintStream log) {
        // under spark-submit the master comes as the system property spark.master
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        SparkConf c = new SparkConf().setAppName("snak corpus").setMaster(m)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "8");
        if (m.startsWith("local")) {
            c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.forEach((k, v) -> {
            if (!k.startsWith("snak.")) {
                c.set(k, v);
            }
        });
        if (m.startsWith("spark://")) {
            checkReachable(m, seconds(conf, CONNECT_TIMEOUT, 10));
        }
        log.println("starting Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " on " + m);
        SparkSession session = SparkSession.builder().config(c).getOrCreate();
        if (m.startsWith("spark://")) {
            awaitExecutor(session, m, seconds(conf, EXECUTOR_WAIT, 60));
        }
        return session;
    }

    private static int seconds(Map<String, String> conf, String key, int dflt) {
        String v = conf.get(key);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + ": expected whole seconds");
        }
    }

    /** spark://h1:7077 or spark://h1:7077,h2:7077 (standby masters): at least one must accept a connection. */
    static void checkReachable(String master, int timeoutSeconds) {
        List<String> problems = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI u = URI.create("spark://" + hostPort);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("--master " + master + ": expected spark://HOST:PORT");
            }
            int port = u.getPort() < 0 ? 7077 : u.getPort();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), port), timeoutSeconds * 1000);
                return;
            } catch (IOException e) {
                problems.add(u.getHost() + ":" + port + " (" + e.getMessage() + ")");
            }
        }
        throw new SparkUnavailableException("cannot reach the Spark master " + master + ": " + String.join(", ", problems)
                + " within " + timeoutSeconds + " s. Start it (sbin/start-master.sh), or check --master; nothing was written");
    }

    private static void awaitExecutor(SparkSession session, String master, int timeoutSeconds) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (session.sparkContext().statusTracker().getExecutorInfos().length < 2) { // the driver is listed too
            if (System.nanoTime() > deadline) {
                session.stop();
                throw new SparkUnavailableException("the Spark master " + master + " answered, but no executor registered "
                        + "within " + timeoutSeconds + " s: no worker with free cores and memory (see the master's web "
                        + "UI), or workers that cannot reach this driver (set spark.driver.host); nothing was written");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                session.stop();
                throw new SparkUnavailableException("interrupted while waiting for a Spark executor");
            }
        }
    }

    /** Spark cannot be used: the master is unreachable or has no executors. */
    static final class SparkUnavailableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SparkUnavailableException(String message) {
            super(message);
        }
    }
}
