package dk.snaklib.corpus.debian;

import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** The two word resources: a MyThes thesaurus ({@code th_da_DK.dat}) and a dictd dictionary (FreeDict). */
public final class WordLists {
    /** A headword with its answers (synonyms or translations), and the entry's line or byte offset in the file. */
    public record Entry(String word, List<String> answers, String where) {}

    private WordLists() {}

    /**
     * MyThes: an encoding line, then {@code word|meanings} followed by that many {@code (pos)|syn|syn...} lines.
     * Synonyms annotated {@code (underbegreb)} / {@code (overbegreb)} are narrower or broader terms, not synonyms,
     * and are left out.
     */
    public static List<Entry> thesaurus(Path dat) {
        List<String> lines;
        try {
            byte[] bytes = Files.readAllBytes(dat);
            int nl = indexOf(bytes, (byte) '\n');
            Charset cs = Charset.forName(new String(bytes, 0, nl, StandardCharsets.US_ASCII).strip());
            lines = new String(bytes, nl + 1, bytes.length - nl - 1, cs).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dat, e);
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); ) {
            String[] head = lines.get(i).split("\\|");
            if (head.length != 2 || !head[1].matches("\\d+")) {
                throw new BadInputException(dat, "line " + (i + 2) + ": expected word|count, found " + lines.get(i));
            }
            int meanings = Integer.parseInt(head[1]);
            Set<String> syns = new LinkedHashSet<>();
            for (int m = 1; m <= meanings && i + m < lines.size(); m++) {
                String[] f = lines.get(i + m).split("\\|");
                for (int k = 1; k < f.length; k++) {
                    String s = f[k].strip();
                    if (!s.isEmpty() && !s.contains("(") && !s.equalsIgnoreCase(head[0])) {
                        syns.add(s);
                    }
                }
            }
            out.add(new Entry(head[0], List.copyOf(syns), "line " + (i + 2)));
            i += meanings + 1;
        }
        return out;
    }

    /**
     * dictd: {@code .index} lines {@code headword TAB offset TAB length} (base64 numbers) into the dictzip'd
     * {@code .dict.dz} (gzip-readable). An entry's first line is the headword with pronunciation and part of
     * speech; the following lines are translations, with Danish notes in square brackets (left out).
     */
    public static List<Entry> dictd(Path index, Path dictDz) {
        byte[] dict;
        List<String> lines;
        try (var in = new GZIPInputStream(Files.newInputStream(dictDz))) {
            dict = in.readAllBytes();
            lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dictDz, e);
        }
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length != 3) {
                throw new BadInputException(index, "expected headword TAB offset TAB length, found " + line);
            }
            if (f[0].startsWith("00database")) {
                continue;
            }
            int offset = (int) base64(f[1]);
            int length = (int) base64(f[2]);
            String[] entry = new String(dict, offset, length, StandardCharsets.UTF_8).split("\n");
            Set<String> answers = new LinkedHashSet<>();
            for (int k = 1; k < entry.length; k++) {
                String t = entry[k].replaceAll("\\[[^\\]]*\\]", " ").replaceAll("\\s+", " ").strip();
                if (!t.isEmpty()) {
                    answers.add(t);
                }
            }
            out.add(new Entry(f[0], List.copyOf(answers), "byte " + offset));
        }
        return out;
    }

    private static long base64(String s) {
        String digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        long n = 0;
        for (char c : s.toCharArray()) {
            n = n * 64 + digits.indexOf(c);
        }
        return n;
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return b.length;
    }
}
