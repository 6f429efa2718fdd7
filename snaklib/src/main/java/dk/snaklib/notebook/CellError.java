package dk.snaklib.notebook;

import java.util.List;

/**
 * A cell that did not run to the end, in Jupyter's terms: the error's name, its message and the traceback lines
 * a front end shows. Compile errors, the user's exceptions, interrupts, timeouts and unknown magics all end here.
 */
public final class CellError extends RuntimeException {
    private final String ename;
    private final List<String> traceback;

    public CellError(String ename, String evalue, List<String> traceback) {
        super(evalue);
        this.ename = ename;
        this.traceback = List.copyOf(traceback);
    }

    /** Error name shown in bold by front ends, e.g. {@code java.lang.IllegalStateException}. */
    public String ename() {
        return ename;
    }

    public String evalue() {
        return getMessage() == null ? "" : getMessage();
    }

    public List<String> traceback() {
        return traceback;
    }
}
