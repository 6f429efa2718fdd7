package dk.snaklib.experiment;

import dk.snaklib.catalog.Catalog;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.tune.InstructionFormat;
import dk.snaklib.tune.InstructionPair;
import dk.snaklib.tune.InstructionReader;
import dk.snaklib.tune.InstructionSets;
import dk.snaklib.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a tuning run's instruction pairs come from: instruction sets named in the data catalog (read by their
 * formats; {@code "study"} is the study's join of SkoleGPT, OpenHermes and Aya plus its identity pairs), or files
 * in the {@code instruction-pairs} format (JSON lines or Parquet with {@code inputs} and {@code targets}).
 *
 * @param catalogDir the data-catalog folder (null for files)
 * @param sets       catalog entry names, in order (empty for files)
 * @param dataRoot   where the entries' files are ({@code catalogDir}'s parent for the bundled sets)
 * @param files      instruction-pairs files (empty for catalog sets)
 */
public record InstructionData(Path catalogDir, List<String> sets, Path dataRoot, List<Path> files) {
    public static final String BUNDLED = "bundled-da-instructions";
    public static final String BUNDLED_HELD_OUT = "bundled-da-instructions-heldout";
    /** The name that stands for the study's join ({@link InstructionSets#study}). */
    public static final String STUDY = "study";

    public InstructionData {
        sets = List.copyOf(sets);
        files = List.copyOf(files);
    }

    /** The bundled Danish instruction set's training split, from the project's data-catalog. */
    public static InstructionData bundled() {
        Path catalog = ProjectFolders.dataCatalog();
        return new InstructionData(catalog, List.of(BUNDLED), catalog.toAbsolutePath().getParent(), List.of());
    }

    /** The bundled set's held-out split (no source paragraph shared with training). */
    public static InstructionData bundledHeldOut() {
        Path catalog = ProjectFolders.dataCatalog();
        return new InstructionData(catalog, List.of(BUNDLED_HELD_OUT), catalog.toAbsolutePath().getParent(), List.of());
    }

    /** Catalog sets (or {@code "study"}) whose files are under {@code dataRoot}. */
    public static InstructionData catalog(Path catalogDir, Path dataRoot, List<String> names) {
        return new InstructionData(catalogDir, names, dataRoot, List.of());
    }

    /** instruction-pairs files ({@code inputs}, {@code targets}; JSON lines in any compression, or Parquet). */
    public static InstructionData files(List<Path> files) {
        return new InstructionData(null, List.of(), null, files);
    }

    /** Every input file, in reading order; a missing one fails here, naming it (and the catalog entry). */
    public List<Path> inputFiles() {
        if (!files.isEmpty()) {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new BadInputException(f, "instruction file does not exist");
                }
            }
            return files;
        }
        Catalog catalog = Catalog.load(catalogDir);
        List<Path> out = new ArrayList<>();
        for (String name : sets) {
            for (String n : name.equals(STUDY) ? InstructionSets.STUDY : List.of(name)) {
                out.addAll(catalog.files(n, dataRoot));
            }
        }
        return out;
    }

    /** The pairs in order; bad rows (missing fields, empty answers) go to {@code options}' log in skip mode. */
    public Stream<InstructionPair> read(ReadOptions options) {
        if (!files.isEmpty()) {
            return inputFiles().stream().flatMap(f -> InstructionReader.read(InstructionFormat.PAIRS, f,
                    options.withSource(f.getFileName().toString())));
        }
        Catalog catalog = Catalog.load(catalogDir);
        Stream<InstructionPair> all = Stream.empty();
        for (String name : sets) {
            all = Stream.concat(all, name.equals(STUDY) ? InstructionSets.study(catalog, dataRoot, options)
                    : InstructionSets.read(catalog, name, dataRoot, options));
        }
        return all;
    }

    /** One line for logs and the run record. */
    public String describe() {
        return files.isEmpty() ? "catalog sets " + sets + " under " + dataRoot : "instruction-pairs files " + files;
    }
}
