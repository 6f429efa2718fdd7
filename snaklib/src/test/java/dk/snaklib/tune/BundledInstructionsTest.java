package dk.snaklib.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.catalog.Catalog;
import dk.snaklib.corpus.HeldOutPartition;
import dk.snaklib.corpus.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed bundled instruction set (data-catalog/bundled/instructions/), read through its catalog entries. */
class BundledInstructionsTest {
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    static List<InstructionPair> train;
    static List<InstructionPair> heldOut;

    @BeforeAll
    static void read() {
        Catalog c = Catalog.load(REPO.resolve("data-catalog"));
        try (var s = InstructionSets.read(c, "bundled-da-instructions", REPO, ReadOptions.failFast("x"))) {
            train = s.toList();
        }
        try (var s = InstructionSets.read(c, "bundled-da-instructions-heldout", REPO, ReadOptions.failFast("x"))) {
            heldOut = s.toList();
        }
    }

    @Test
    void atLeastTenThousandPairsOfAtLeastFiveKinds() {
        assertTrue(train.size() + heldOut.size() >= 10_000, train.size() + " + " + heldOut.size());
        Map<String, Long> kinds = train.stream().collect(Collectors.groupingBy(p -> p.meta().get("kind"), Collectors.counting()));
        assertTrue(kinds.size() >= 5 && kinds.values().stream().allMatch(n -> n >= 500), kinds.toString());
        assertEquals(kinds.keySet(), heldOut.stream().map(p -> p.meta().get("kind")).collect(Collectors.toSet()));
    }

    @Test
    void everyPairNamesItsPackageVersionFileAndLicenceAsTheManifestDoes() throws Exception {
        Map<String, String> versionOf = new HashMap<>();
        for (String line : Files.readAllLines(REPO.resolve("data-catalog/bundled/instructions/MANIFEST.tsv")).subList(1, 7)) {
            String[] f = line.split("\t");
            versionOf.put(f[1], f[2]);
        }
        for (InstructionPair p : concat()) {
            Map<String, String> m = p.meta();
            assertEquals(versionOf.get(m.get("package")), m.get("version"), p.id());
            assertTrue(m.get("path").startsWith("usr/share/") || m.get("path").startsWith("usr/lib/libreoffice/"), p.id());
            assertFalse(m.getOrDefault("licence", "").isBlank(), p.id());
            if (m.get("kind").equals("oversaet-hjaelp")) {
                assertEquals(HeldOutPartition.helpPageUnit("libreoffice-help", m.get("source_path")), m.get("unit"), p.id());
                assertEquals(HeldOutPartition.helpPageUnit("libreoffice-help", m.get("path")), m.get("unit"), p.id());
            }
        }
    }

    @Test
    void splitsFollowThePartitionAndShareNoUnitOrParagraph() {
        for (InstructionPair p : train) {
            assertEquals(HeldOutPartition.Split.TRAIN, HeldOutPartition.of(p.meta().get("unit")), p.id());
        }
        for (InstructionPair p : heldOut) {
            assertEquals(HeldOutPartition.Split.HELD_OUT, HeldOutPartition.of(p.meta().get("unit")), p.id());
        }
        Set<String> trainUnits = train.stream().map(p -> p.meta().get("unit")).collect(Collectors.toSet());
        assertTrue(heldOut.stream().noneMatch(p -> trainUnits.contains(p.meta().get("unit"))));
        // help paragraphs: no answer line of a held-out pair is an answer line of a training pair
        Set<String> trainLines = new HashSet<>();
        train.stream().filter(BundledInstructionsTest::fromHelp).forEach(p -> trainLines.addAll(p.targets().lines().toList()));
        long shared = heldOut.stream().filter(BundledInstructionsTest::fromHelp)
                .flatMap(p -> p.targets().lines()).filter(trainLines::contains).count();
        assertEquals(0, shared);
    }

    @Test
    void inputsAreTheKindsFixedTemplateAroundQuotedText() {
        for (InstructionPair p : concat()) {
            String prefix = switch (p.meta().get("kind")) {
                case "oversaet-hjaelp" -> "Oversæt følgende tekst fra LibreOffices hjælp til dansk:\n\n";
                case "oversaet-brugerflade" -> "Oversæt denne tekst fra LibreOffices brugerflade til dansk: \"";
                case "overskrift" -> "Skriv en passende overskrift til dette afsnit:\n\n";
                case "svar-fra-tekst" -> "Læs teksten, og svar på spørgsmålet.\n\nTekst:\n";
                case "synonymer" -> "Nævn nogle synonymer for ordet \"";
                case "ord-til-engelsk" -> "Hvad hedder det danske ord \"";
                default -> throw new AssertionError("unknown kind " + p.meta().get("kind"));
            };
            assertTrue(p.inputs().startsWith(prefix), p.id());
            if (p.meta().get("kind").equals("svar-fra-tekst")) {
                assertTrue(p.inputs().contains(p.targets()), "the answer is quoted from the given text: " + p.id());
            }
        }
    }

    private static boolean fromHelp(InstructionPair p) {
        return p.meta().get("package").startsWith("libreoffice-help");
    }

    private static List<InstructionPair> concat() {
        return java.util.stream.Stream.concat(train.stream(), heldOut.stream()).toList();
    }
}
