package dk.snaklib.corpus.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the data-catalog recipes hand their builders ({@link BundledCorpusBuilder}, {@link LangidDataBuilder},
 * {@code tune.bundled.BundledInstructionsBuilder}): a folder with one sub-folder per unpacked package, and each
 * package's version, from the recipe's VERSIONS_TSV (lines "package TAB version").
 *
 * @param dir      UNPACKED_DIR: {@code dir/PACKAGE/} is the package's {@code dpkg-deb -x}
 * @param versions package -> version, sorted by package
 */
public record UnpackedPackages(Path dir, Map<String, String> versions) {
    /**
     * The first two of a builder's arguments, {@code UNPACKED_DIR VERSIONS_TSV}; {@code outputs} names the ones
     * after them. A wrong count prints the usage and exits with status 2.
     */
    public static UnpackedPackages fromArgs(String builder, String[] args, String... outputs) throws IOException {
        if (args.length != 2 + outputs.length) {
            System.err.println("usage: " + builder + " UNPACKED_DIR VERSIONS_TSV " + String.join(" ", outputs));
            System.exit(2);
        }
        return new UnpackedPackages(Path.of(args[0]), readVersions(Path.of(args[1])));
    }

    /** VERSIONS_TSV as package -> version; lines without exactly two tab-separated fields are skipped. */
    public static Map<String, String> readVersions(Path tsv) throws IOException {
        Map<String, String> versions = new TreeMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length == 2) {
                versions.put(f[0], f[1]);
            }
        }
        return versions;
    }
}
