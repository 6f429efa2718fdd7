package dk.snaklib.cli;

import dk.snaklib.notebook.KernelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code snak kernel install|uninstall}: the Jupyter kernelspec for SnakLab's Java kernel. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Install or remove the Jupyter kernel (Java, with snaklib on its class path).",
        subcommands = {KernelCommand.Install.class, KernelCommand.Uninstall.class})
public final class KernelCommand {

    /** Where a kernelspec goes: the user's Jupyter data dir, a prefix, or system-wide. */
    static class Location {
        @Option(names = "--user", description = "Install for the current user (~/.local/share/jupyter).")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR", description = "Install under DIR/share/jupyter (e.g. a virtualenv).")
        Path prefix;

        @Option(names = "--name", defaultValue = "snaklib", description = "Kernel name (default: ${DEFAULT-VALUE}).")
        String name;

        Path dataDir() {
            return KernelSpec.dataDir(user, prefix);
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true, description = "Write the kernelspec.")
    static final class Install implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Location where = new Location();

        @Option(names = "--display-name", description = "Name shown in Jupyter (default: Java (snaklib)).")
        String displayName;

        @Override
        public Integer call() {
            String shown = displayName != null ? displayName
                    : "snaklib".equals(where.name) ? "Java (snaklib)" : "Java (" + where.name + ")";
            Path dir = KernelSpec.install(where.dataDir(), where.name, shown, KernelSpec.defaultClassPath());
            System.out.println("installed kernel '" + where.name + "' in " + dir);
            return 0;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Remove the kernelspec.")
    static final class Uninstall implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Location where = new Location();

        @Override
        public Integer call() {
            Path dir = where.dataDir().resolve("kernels").resolve(where.name);
            if (KernelSpec.uninstall(where.dataDir(), where.name)) {
                System.out.println("removed kernel '" + where.name + "' from " + dir);
                return 0;
            }
            System.err.println("snak: no kernel '" + where.name + "' in " + dir.getParent());
            return 1;
        }
    }
}
