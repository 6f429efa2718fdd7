package dk.snaklib.tune.bundled;

import java.util.List;
import java.util.Map;

/**
 * A pair before splitting: its kind, the unit whose split it takes ({@link dk.snaklib.corpus.HeldOutPartition}),
 * the texts, every source paragraph it uses (so no paragraph crosses splits), and where it came from.
 *
 * @param element    the block or entry inside the unit ({@code par_id3150543}, {@code line 12}, ...)
 * @param paragraphs the source texts it quotes, as they appear in the package
 * @param provenance package, version, path (and source_package, source_version, source_path for the English side)
 */
record BundledPair(PairKind kind, String unit, String element, String inputs, String targets, List<String> paragraphs,
        Map<String, String> provenance) {

    String id() {
        return kind.id + ":" + unit + "#" + element;
    }
}
