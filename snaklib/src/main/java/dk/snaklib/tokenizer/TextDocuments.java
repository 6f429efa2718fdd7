package dk.snaklib.tokenizer;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.Compression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Plain text corpora as a stream of documents, read lazily:
 * <ul>
 *   <li>{@code .txt}: documents separated by one or more blank lines; a document's lines are joined with '\n';
 *   <li>{@code .jsonl}: one JSON object per line with a string field {@code "text"}; blank lines are skipped;
 *   <li>either of them gzipped ({@code .txt.gz}, {@code .jsonl.gz}).
 * </ul>
 * Input must be UTF-8. Errors name the file and line. Close the stream (try-with-resources) to close the file.
 */
public final class TextDocuments {
    private TextDocuments() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The documents of one file. */
    public static Stream<String> stream(Path file) {
        return stream(List.of(file));
    }

    /**
     * The documents of several files, one file after the other; each file is opened when reached and closed when
     * done. (Not {@code flatMap}: pulled through an iterator, it would buffer a whole file's documents.)
     */
    public static Stream<String> stream(List<Path> files) {
        return read(files, file -> (text, n) -> text);
    }

    /**
     * The documents of several files as {@link Document}s: the source is the file's name without its extensions
     * ({@code manpages} for {@code manpages.jsonl.zst}), the id {@code FILE:N} (N counts from 1 in each file).
     */
    public static Stream<Document> documents(List<Path> files) {
        return read(files, file -> {
            String fileName = file.getFileName().toString();
            String source = sourceName(file);
            return (text, n) -> new Document(fileName + ":" + n, source, text);
        });
    }

    /** What one file's documents become: the text of its n-th document (n counts from 1 in each file) to a value. */
    @FunctionalInterface
    private interface Label<T> {
        T of(String text, long n);
    }

    /** The one loop behind {@link #stream(List)} and {@link #documents(List)}: the files' documents, each labelled. */
    private static <T> Stream<T> read(List<Path> files, Function<Path, Label<T>> labelFor) {
        for (Path f : files) {
            formatOf(f); // fail on an unknown extension before reading anything
        }
        FilesIterator<T> docs = new FilesIterator<>(files, labelFor);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(docs, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(docs::close);
    }

    /** A text file's source name: its file name without the format and compression extensions. */
    public static String sourceName(Path file) {
        String inner = Compression.baseName(file);
        int dot = inner.lastIndexOf('.');
        return dot > 0 ? inner.substring(0, dot) : inner;
    }

    /** True for .jsonl, false for .txt (either optionally .gz, .bz2, .xz or .zst); anything else is an error. */
    private static boolean formatOf(Path file) {
        String inner = Compression.baseName(file).toLowerCase(java.util.Locale.ROOT);
        if (!inner.endsWith(".jsonl") && !inner.endsWith(".txt")) {
            throw new BadInputException(file, "unknown corpus format: expected .txt or .jsonl (optionally .gz, .bz2, .xz or .zst)");
        }
        return inner.endsWith(".jsonl");
    }

    /** The files one after the other, each labelled by {@code labelFor(file)} (asked once, when the file is opened). */
    private static final class FilesIterator<T> implements Iterator<T>, AutoCloseable {
        private final Iterator<Path> files;
        private final Function<Path, Label<T>> labelFor;
        private LineIterator current;
        private Label<T> label;
        private long n;

        FilesIterator(List<Path> files, Function<Path, Label<T>> labelFor) {
            this.files = List.copyOf(files).iterator();
            this.labelFor = labelFor;
        }

        @Override
        public boolean hasNext() {
            while (current == null || !current.hasNext()) {
                close();
                if (!files.hasNext()) {
                    return false;
                }
                Path file = files.next();
                label = labelFor.apply(file);
                n = 0;
                InputStream in = open(file);
                current = formatOf(file) ? new JsonlIterator(file, in) : new TxtIterator(file, in);
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return label.of(current.next(), ++n);
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** Decompressed by content (gz, bz2, xz, zst), as the corpus readers do. */
    private static InputStream open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "corpus file not found");
        }
        return Compression.open(file);
    }

    /**
     * Reads UTF-8 lines ('\n' or "\r\n"), counting them. Each line is decoded on its own, so an encoding error
     * is reported on the line where it is (a Reader would fail at the block it reads ahead).
     */
    private abstract static class LineIterator implements Iterator<String> {
        final Path file;
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int end;
        private byte[] line = new byte[256];
        long lineNo;
        private String next;
        private boolean done;

        LineIterator(Path file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        String readLine() {
            try {
                int len = 0;
                boolean any = false;
                while (true) {
                    if (pos == end) {
                        end = in.read(buf);
                        pos = 0;
                        if (end <= 0) {
                            end = 0;
                            if (!any) {
                                return null;
                            }
                            break;
                        }
                    }
                    any = true;
                    byte b = buf[pos++];
                    if (b == '\n') {
                        break;
                    }
                    if (len == line.length) {
                        line = java.util.Arrays.copyOf(line, len * 2);
                    }
                    line[len++] = b;
                }
                lineNo++;
                if (len > 0 && line[len - 1] == '\r') {
                    len--;
                }
                return decoder.decode(ByteBuffer.wrap(line, 0, len)).toString();
            } catch (CharacterCodingException e) {
                throw new BadInputException(file, "line " + lineNo + ": not valid UTF-8", e);
            } catch (IOException e) {
                throw new BadInputException(file, "line " + (lineNo + 1) + ": cannot read: " + e.getMessage(), e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            }
        }

        /** The next document, or null at the end of the file. */
        abstract String readDocument();

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = readDocument();
                done = next == null;
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String doc = next;
            next = null;
            return doc;
        }
    }

    private static final class TxtIterator extends LineIterator {
        TxtIterator(Path file, InputStream reader) {
            super(file, reader);
        }

        @Override
        String readDocument() {
            StringBuilder doc = new StringBuilder();
            for (String line; (line = readLine()) != null; ) {
                if (line.isBlank()) {
                    if (!doc.isEmpty()) {
                        return doc.toString();
                    }
                } else {
                    if (!doc.isEmpty()) {
                        doc.append('\n');
                    }
                    doc.append(line);
                }
            }
            return doc.isEmpty() ? null : doc.toString();
        }
    }

    private static final class JsonlIterator extends LineIterator {
        JsonlIterator(Path file, InputStream reader) {
            super(file, reader);
        }

        @Override
        String readDocument() {
            for (String line; (line = readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new BadInputException(file, "line " + lineNo + ": not valid JSON: " + e.getOriginalMessage(), e);
                }
                if (node == null || !node.isObject()) {
                    throw new BadInputException(file, "line " + lineNo + ": expected a JSON object with a \"text\" field");
                }
                JsonNode text = node.get("text");
                if (text == null) {
                    throw new BadInputException(file, "line " + lineNo + ": field \"text\" missing");
                }
                if (!text.isTextual()) {
                    throw new BadInputException(file, "line " + lineNo + ": field \"text\" is "
                            + text.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", expected a string");
                }
                return text.asText();
            }
            return null;
        }
    }
}
