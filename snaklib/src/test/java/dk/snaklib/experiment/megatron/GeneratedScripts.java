package dk.snaklib.experiment.megatron;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads generated scripts back as a shell would split them, and Megatron-LLM's own flag names (arguments.txt). */
final class GeneratedScripts {
    private GeneratedScripts() {}

    /** POSIX word splitting of one script line group: backslash-newline joins, single quotes, comments. */
    static List<List<String>> commands(String script) {
        List<List<String>> out = new ArrayList<>();
        String joined = script.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            List<String> words = new ArrayList<>();
            StringBuilder w = null;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '\'') {
                        quoted = false;
                    } else {
                        w.append(c);
                    }
                } else if (c == '\'') {
                    quoted = true;
                    w = w == null ? new StringBuilder() : w;
                } else if (c == '#' && w == null) {
                    break;
                } else if (Character.isWhitespace(c)) {
                    if (w != null) {
                        words.add(w.toString());
                        w = null;
                    }
                } else {
                    w = w == null ? new StringBuilder() : w;
                    w.append(c);
                }
            }
            if (w != null) {
                words.add(w.toString());
            }
            if (!words.isEmpty()) {
                out.add(words);
            }
        }
        return out;
    }

    /** The command whose words include {@code program} (e.g. finetune.py or tools/checkpoint_util.py). */
    static List<String> command(String script, String program) {
        List<List<String>> found = commands(script).stream().filter(c -> c.contains(program)).toList();
        assertEquals(1, found.size(), "exactly one command runs " + program + " in:\n" + script);
        return found.getFirst();
    }

    /** The --flags after {@code program}: flag -> value ("" for a switch); a repeated flag fails. */
    static Map<String, String> flagsAfter(List<String> words, String program) {
        int at = words.indexOf(program);
        assertTrue(at >= 0, program + " not in " + words);
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = at + 1; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--")) {
                continue; // a positional argument or a value, read with its flag
            }
            String name = w;
            String value = "";
            int eq = w.indexOf('=');
            if (eq > 0) {
                name = w.substring(0, eq);
                value = w.substring(eq + 1);
            } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                value = words.get(++i);
            }
            assertTrue(flags.put(name, value) == null, name + " given twice in " + words);
        }
        return flags;
    }

    private static Map<String, Set<String>> known;

    /** Megatron-LLM's argparse flag names per script (golden/megatron-llm/arguments.txt, from its source). */
    static synchronized Set<String> megatronFlags(String script) {
        if (known == null) {
            known = new HashMap<>();
            try (InputStream in = GeneratedScripts.class.getResourceAsStream("/golden/megatron-llm/arguments.txt")) {
                assertNotNull(in);
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.startsWith("#") && !line.isBlank()) {
                        String[] p = line.split(" ");
                        known.computeIfAbsent(p[0], k -> new HashSet<>()).add(p[1]);
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        Set<String> s = known.get(script);
        assertNotNull(s, "no Megatron-LLM script " + script + " in arguments.txt");
        return s;
    }

    /** Every flag of {@code flags} is one Megatron-LLM's {@code script} declares. */
    static void assertKnownFlags(String script, Map<String, String> flags) {
        Set<String> ok = megatronFlags(script);
        for (String f : flags.keySet()) {
            assertTrue(ok.contains(f), script + " has no argument " + f);
        }
    }
}
