package dk.snaklib.corpus.io;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadLog;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Base of the readers: compute the next document or null at the end; turned into a closeable lazy stream. */
public abstract class DocumentIterator implements Iterator<Document>, Closeable {
    private Document next;
    private boolean done;
    private final ReadLog log;

    protected DocumentIterator(ReadLog log) {
        this.log = log;
    }

    /** The next document, or null when the input is exhausted. */
    protected abstract Document computeNext();

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            next = computeNext();
            if (next == null) {
                done = true;
                closeQuietly();
            } else {
                log.document();
            }
        }
        return next != null;
    }

    @Override
    public final Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document d = next;
        next = null;
        return d;
    }

    /** A sequential stream over this iterator that closes the input when closed or exhausted. */
    public Stream<Document> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::closeQuietly);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
