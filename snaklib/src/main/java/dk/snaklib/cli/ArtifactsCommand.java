package dk.snaklib.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.snaklib.experiment.Artifact;
import dk.snaklib.experiment.Artifacts;
import dk.snaklib.experiment.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snak artifacts ls|show|lineage|time|gc}: the artifact store, thin over {@link Artifacts}. */
@Command(name = "artifacts", mixinStandardHelpOptions = true, description = "The artifact store: list, show, trace, time and clean.",
        subcommands = {ArtifactsCommand.Ls.class, ArtifactsCommand.Show.class, ArtifactsCommand.Lineage.class, ArtifactsCommand.Time.class,
                ArtifactsCommand.Gc.class})
final class ArtifactsCommand {
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Artifacts store(Path dir) {
        return dir != null ? Artifacts.open(dir) : Artifacts.open(Project.find());
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Every finished artifact: kind, key, when, how long, size.")
    static final class Ls implements Callable<Integer> {
        @Option(names = "--store", paramLabel = "DIR", description = "the store (default: $SNAK_ARTIFACTS or artifacts/ in the project)") Path dir;
        @Option(names = "--kind", description = "only this kind") String kind;

        @Override
        public Integer call() {
            List<Artifact> all = store(dir).list();
            System.out.printf("%-22s %-12s %-20s %9s %10s  %s%n", "KIND", "KEY", "FINISHED", "SECONDS", "MB", "INPUTS");
            for (Artifact a : all) {
                if (kind != null && !a.kind().equals(kind)) {
                    continue;
                }
                String finished = a.lineage().at("/timings/finished").asText();
                System.out.printf(Locale.ROOT, "%-22s %-12s %-20s %9.1f %10.2f  %s%n", a.kind(), a.shortKey(),
                        finished.length() > 19 ? finished.substring(0, 19) : finished, a.seconds(),
                        a.lineage().at("/content/files").findValues("bytes").stream().mapToLong(n -> n.asLong()).sum() / 1e6,
                        String.join(", ", a.inputs().values().stream().map(v -> v.substring(0, Math.min(v.length(), v.indexOf('/') + 13))).toList()));
            }
            return 0;
        }
    }

    @Command(name = "time", mixinStandardHelpOptions = true,
            description = "Where the compute time went: per artifact kind, how many and their seconds, largest first.")
    static final class Time implements Callable<Integer> {
        @Option(names = "--store", paramLabel = "DIR", description = "the store (default: $SNAK_ARTIFACTS or artifacts/ in the project)") Path dir;

        @Override
        public Integer call() {
            List<Artifacts.KindTime> kinds = Artifacts.timeByKind(store(dir).list());
            double total = kinds.stream().mapToDouble(Artifacts.KindTime::seconds).sum();
            System.out.printf("%-22s %6s %10s %7s%n", "KIND", "COUNT", "SECONDS", "SHARE");
            for (Artifacts.KindTime k : kinds) {
                System.out.printf(Locale.ROOT, "%-22s %6d %10.1f %6.1f%%%n", k.kind(), k.count(), k.seconds(),
                        total == 0 ? 0 : 100 * k.seconds() / total);
            }
            System.out.printf(Locale.ROOT, "%-22s %6d %10.1f%n", "all", kinds.stream().mapToInt(Artifacts.KindTime::count).sum(), total);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "An artifact's lineage record (artifact.json).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "KEY", description = "a key prefix, or KIND/PREFIX") String key;
        @Option(names = "--store", paramLabel = "DIR") Path dir;

        @Override
        public Integer call() throws Exception {
            Artifact a = store(dir).find(key);
            System.out.println(a.dir());
            System.out.println(PRETTY.writeValueAsString(a.lineage()));
            return 0;
        }
    }

    @Command(name = "lineage", mixinStandardHelpOptions = true, description = "What an artifact was made from, as a tree.")
    static final class Lineage implements Callable<Integer> {
        @Parameters(paramLabel = "KEY") String key;
        @Option(names = "--store", paramLabel = "DIR") Path dir;

        @Override
        public Integer call() {
            Artifacts s = store(dir);
            print(s, s.find(key), "", "");
            return 0;
        }

        private static void print(Artifacts s, Artifact a, String indent, String name) {
            System.out.printf(Locale.ROOT, "%s%s%s  (%.1f s, %s, code %s)%n", indent, name.isEmpty() ? "" : name + ": ", a,
                    a.seconds(), a.lineage().at("/timings/finished").asText(), a.lineage().at("/code/fingerprint").asText().substring(0, 12));
            a.inputs().forEach((n, ref) -> {
                try {
                    print(s, s.find(ref), indent + "  ", n);
                } catch (RuntimeException e) {
                    System.out.println(indent + "  " + n + ": " + ref + "  (no longer in the store)");
                }
            });
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = "Remove artifacts no replay root needs (only once a replay recorded one) and leftovers of stopped attempts.")
    static final class Gc implements Callable<Integer> {
        @Option(names = "--store", paramLabel = "DIR") Path dir;
        @Option(names = "--dry-run", description = "only say what would be removed") boolean dryRun;

        @Override
        public Integer call() {
            Artifacts.Gc g = store(dir).gc(dryRun);
            g.removed().forEach(r -> System.out.println((dryRun ? "would remove " : "removed ") + r));
            if (!g.rootsKnown()) {
                System.out.println("no replay roots recorded yet (artifacts/roots/): every artifact kept; only leftovers removed");
            }
            System.out.printf(Locale.ROOT, "%s %d item(s), %.1f MB; %d artifact(s) kept%n", dryRun ? "would remove" : "removed",
                    g.removed().size(), g.bytes() / 1e6, g.kept());
            return 0;
        }
    }
}
