package dk.snaklib.tune;

import dk.snaklib.catalog.Catalog;
import dk.snaklib.catalog.CatalogEntry;
import dk.snaklib.corpus.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Instruction sets named in the data catalog ({@code data-catalog/instructions/}), read through the reader their
 * {@code format} names, and the study's join: SkoleGPT-instruct, danish-OpenHermes, Aya's Danish split, then the
 * study's identity pairs, in that order ({@code setup_datasets()} + {@code add_extras()}, STUDY.md A2).
 *
 * <pre>{@code
 * var options = ReadOptions.skipping("instructions");
 * try (var pairs = InstructionSets.study(Catalog.load(Path.of("data-catalog")), Path.of("/data"), options)) {
 *     pairs.forEach(...);
 * }
 * options.log().badRecords();   // rows with missing fields or empty answers, with file and row
 * }</pre>
 */
public final class InstructionSets {
    /** The study's sets in its order of concatenation. */
    public static final List<String> STUDY = List.of("skolegpt-instruct", "danish-openhermes", "aya-danish");

    private InstructionSets() {}

    /** One catalog set: every file of the entry under {@code dataRoot}, in the entry's order; source = entry name. */
    public static Stream<InstructionPair> read(Catalog catalog, String name, Path dataRoot, ReadOptions options) {
        CatalogEntry entry = catalog.get(name);
        if (!entry.kind().equals("instruction-set")) {
            throw new IllegalArgumentException("catalog entry \"" + name + "\" is a " + entry.kind() + ", not an instruction-set");
        }
        InstructionFormat format = InstructionFormat.forName(entry.format());
        ReadOptions named = options.withSource(name);
        List<Path> files = catalog.files(name, dataRoot);
        return files.stream().flatMap(f -> InstructionReader.read(format, f, named));
    }

    /** The study's training set: the three sets in its order, then its identity pairs. */
    public static Stream<InstructionPair> study(Catalog catalog, Path dataRoot, ReadOptions options) {
        List<Path> check = new ArrayList<>();
        STUDY.forEach(n -> check.addAll(catalog.files(n, dataRoot))); // fail before reading if any set is missing
        Stream<InstructionPair> joined = Stream.empty();
        for (String name : STUDY) {
            joined = Stream.concat(joined, read(catalog, name, dataRoot, options));
        }
        return Stream.concat(joined, identityPairs().stream());
    }

    /**
     * The study's seven identity pairs ({@code EXTRAS} in the released {@code finetune/instructions.py}, its data
     * quoted): every question variant with every answer, appended after the three sets.
     */
    public static List<InstructionPair> identityPairs() {
        List<InstructionPair> out = new ArrayList<>();
        String name = "Jeg er SnakModel, en generativ AI-model udviklet af NLPnorth-gruppen på IT-Universitetet i København.";
        String made = "Jeg blev udviklet af NLPnorth-gruppen på IT-Universitetet i København. Specifikt af Rob, Mike, Max, "
                + "Elisa, Ahmet og Peter.";
        for (String q : List.of("Hvad hedder du?", "Hvad er dit navn?", "Hvad er du?", "What's your name?", "What are you?")) {
            out.add(new InstructionPair("snakmodel-extras:" + (out.size() + 1), "snakmodel-extras", q, name));
        }
        for (String q : List.of("Hvem har lavet dig?", "Who made you?")) {
            out.add(new InstructionPair("snakmodel-extras:" + (out.size() + 1), "snakmodel-extras", q, made));
        }
        return out;
    }
}
