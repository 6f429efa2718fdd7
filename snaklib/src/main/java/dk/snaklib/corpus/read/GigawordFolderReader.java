package dk.snaklib.corpus.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.CorpusReader;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.DocumentIterator;
import dk.snaklib.corpus.io.JsonLines;
import dk.snaklib.corpus.io.LineSource;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Danish Gigaword 1.0 folders: {@code sektioner/<section>/} holds one UTF-8 plain-text file per document (named
 * {@code <prefix>_<id>}, no extension), a {@code <section>.jsonl} manifest whose records carry {@code doc_id} and
 * metadata, and a LICENSE. The input may be the corpus root, its {@code sektioner} folder or one section.
 */
public final class GigawordFolderReader implements CorpusReader {

    @Override
    public Stream<Document> read(Path input, ReadOptions options) {
        Deque<Path> sections = new ArrayDeque<>(sections(input));
        return new DocumentIterator(options.log()) {
            private Iterator<Path> files = List.<Path>of().iterator();
            private Map<String, Map<String, String>> manifest = Map.of();
            private String section;

            @Override
            protected Document computeNext() {
                while (true) {
                    while (!files.hasNext()) {
                        if (sections.isEmpty()) {
                            return null;
                        }
                        Path dir = sections.pop();
                        section = dir.getFileName().toString();
                        manifest = manifest(dir, options);
                        files = documentFiles(dir).iterator();
                    }
                    Path file = files.next();
                    String text = readText(file, options);
                    if (text == null) {
                        continue;
                    }
                    String docId = file.getFileName().toString();
                    Map<String, String> meta = new HashMap<>(manifest.getOrDefault(docId, Map.of()));
                    meta.put("section", section);
                    return new Document(options.source() + ":" + docId, options.source(), text, meta);
                }
            }

            @Override
            public void close() {}
        }.stream();
    }

    static List<Path> sections(Path input) {
        if (!Files.isDirectory(input)) {
            throw new BadInputException(input, "expected a Danish Gigaword folder (with sektioner/ or section folders)");
        }
        Path root = Files.isDirectory(input.resolve("sektioner")) ? input.resolve("sektioner") : input;
        if (Files.exists(root.resolve(root.getFileName() + ".jsonl"))) {
            return List.of(root); // one section
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static List<Path> documentFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && !n.startsWith("LICENSE") && !n.startsWith("README") && !n.endsWith(".jsonl")
                        && !n.endsWith(".md");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** doc_id -> scalar metadata from {@code <section>.jsonl}; empty if the section has no manifest. */
    private static Map<String, Map<String, String>> manifest(Path dir, ReadOptions options) {
        Path file = dir.resolve(dir.getFileName() + ".jsonl");
        Map<String, Map<String, String>> out = new HashMap<>();
        if (!Files.exists(file)) {
            options.log().skipped("gigaword section without manifest");
            return out;
        }
        try (LineSource lines = new LineSource(file, options)) {
            JsonLines json = new JsonLines(lines, options);
            for (ObjectNode o; (o = json.next()) != null; ) {
                String id = JsonLines.text(o, "doc_id");
                if (id == null) {
                    json.bad("field \"doc_id\" missing", o.toString());
                } else {
                    out.put(id, JsonLines.scalars(o, "doc_id"));
                }
            }
        }
        return out;
    }

    /** The whole file as strict UTF-8, or null after reporting it (too large, invalid UTF-8). */
    private static String readText(Path file, ReadOptions options) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(options.maxLineBytes() + 1);
            if (bytes.length > options.maxLineBytes()) {
                options.bad(file, "document", "larger than " + options.maxLineBytes() + " bytes (the limit)", "");
                return null;
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                options.bad(file, "document", "invalid UTF-8", new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.UTF_8));
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
