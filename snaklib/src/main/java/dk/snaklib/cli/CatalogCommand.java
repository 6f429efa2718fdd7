package dk.snaklib.cli;

import dk.snaklib.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "The data catalog: corpora, instruction sets and benchmarks, with format, licence and how to get them.",
        subcommands = {CatalogCommand.ListEntries.class, CatalogCommand.Show.class})
final class CatalogCommand {

    static Catalog load(Path dir) {
        return Catalog.load(dir != null ? dir : ProjectPaths.find("data-catalog"));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per catalog entry.")
    static final class ListEntries implements Callable<Integer> {
        @Option(names = "--catalog", description = "catalog folder (default: data-catalog)") Path dir;

        @Override
        public Integer call() {
            System.out.print(load(dir).table());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Everything the catalog says about one entry.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--catalog", description = "catalog folder (default: data-catalog)") Path dir;

        @Override
        public Integer call() {
            System.out.println(load(dir).describe(name));
            return 0;
        }
    }
}
