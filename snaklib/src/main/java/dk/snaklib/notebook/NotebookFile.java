package dk.snaklib.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A Jupyter notebook (nbformat 4) as a JSON tree, so fields we do not know survive a run untouched. Reading
 * checks what the runner relies on and says what is wrong: not JSON, not nbformat 4, no cells, another language.
 */
public final class NotebookFile {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final ObjectNode root;

    private NotebookFile(Path path, ObjectNode root) {
        this.path = path;
        this.root = root;
    }

    public static NotebookFile read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new BadInputException(path, "cannot read notebook: " + e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new BadInputException(path, "not a valid .ipynb: JSON error at line " + (loc == null ? "?" : loc.getLineNr())
                    + " column " + (loc == null ? "?" : loc.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode obj)) {
            throw new BadInputException(path, "not a valid .ipynb: expected a JSON object at the top");
        }
        JsonNode format = obj.get("nbformat");
        if (format == null || !format.isInt()) {
            throw new BadInputException(path, "not a valid .ipynb: field \"nbformat\" missing (expected 4)");
        }
        if (format.asInt() != 4) {
            throw new BadInputException(path, "nbformat " + format.asInt() + " is not supported (expected 4; convert it with `jupyter nbconvert --to notebook`)");
        }
        if (!(obj.get("cells") instanceof ArrayNode cells)) {
            throw new BadInputException(path, "not a valid .ipynb: field \"cells\" missing or not a list");
        }
        for (int i = 0; i < cells.size(); i++) {
            JsonNode c = cells.get(i);
            if (!c.isObject() || !c.path("cell_type").isTextual() || !c.has("source")) {
                throw new BadInputException(path, "not a valid .ipynb: cell " + (i + 1) + " needs \"cell_type\" and \"source\"");
            }
        }
        String language = language(obj);
        if (language != null && !language.equalsIgnoreCase("java")) {
            throw new BadInputException(path, "this notebook is for " + language + " (kernel '"
                    + obj.path("metadata").path("kernelspec").path("name").asText("?") + "'), not Java: snak runs Java notebooks only");
        }
        if (!obj.has("metadata") || !obj.get("metadata").isObject()) {
            obj.putObject("metadata");
        }
        return new NotebookFile(path, obj);
    }

    private static String language(ObjectNode nb) {
        JsonNode meta = nb.path("metadata");
        String lang = meta.path("kernelspec").path("language").asText(null);
        return lang != null ? lang : meta.path("language_info").path("name").asText(null);
    }

    public Path path() {
        return path;
    }

    public ObjectNode root() {
        return root;
    }

    public ArrayNode cells() {
        return (ArrayNode) root.get("cells");
    }

    /** A cell's source as one string (nbformat allows a string or a list of lines). */
    static String source(JsonNode cell) {
        return multiline(cell.get("source"));
    }

    static String multiline(JsonNode n) {
        if (n == null || n.isNull()) {
            return "";
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder();
            n.forEach(line -> sb.append(line.asText()));
            return sb.toString();
        }
        return n.asText();
    }

    static boolean hasTag(JsonNode cell, String tag) {
        for (JsonNode t : cell.path("metadata").path("tags")) {
            if (tag.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Inserts a code cell tagged {@code injected-parameters} after the cell tagged {@code parameters} (papermill's
     * convention); it redeclares each parameter, so it wins over the defaults. A name that cell does not declare
     * (a misspelling) is refused, naming the ones it does.
     */
    public void injectParameters(List<Parameter> params) {
        if (params.isEmpty()) {
            return;
        }
        ArrayNode cells = cells();
        int at = -1;
        for (int i = 0; i < cells.size(); i++) {
            if (hasTag(cells.get(i), "parameters")) {
                at = i + 1;
                break;
            }
        }
        List<String> defined = at < 0 ? List.of() : declaredNames(source(cells.get(at - 1)));
        for (Parameter p : params) {
            if (!defined.contains(p.name())) {
                throw new BadInputException(path, at < 0
                        ? "--param " + p.name() + ": this notebook has no cell tagged 'parameters', so it takes no parameters"
                        : "--param " + p.name() + ": not a parameter of this notebook; its 'parameters' cell defines "
                        + (defined.isEmpty() ? "none" : String.join(", ", defined)));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("// Parameters injected by snak notebooks run\n");
        params.forEach(p -> lines.add(p.declaration() + "\n"));
        ObjectNode cell = JSON.createObjectNode();
        cell.put("cell_type", "code");
        cell.put("execution_count", (Integer) null);
        cell.put("id", UUID.randomUUID().toString().substring(0, 8));
        cell.putObject("metadata").putArray("tags").add("injected-parameters");
        cell.putArray("outputs");
        cell.put("source", String.join("", lines).stripTrailing());
        cells.insert(at, cell);
        ObjectNode recorded = ((ObjectNode) root.get("metadata")).withObject("/snaklib").putObject("parameters");
        params.forEach(p -> recorded.put(p.name(), p.value())); // provenance, as papermill records its parameters
    }

    /** A declaration at the start of a line: {@code int steps = 40;}, {@code final var out = ...}, {@code List<String> xs;}. */
    private static final java.util.regex.Pattern DECLARATION = java.util.regex.Pattern.compile(
            "(?m)^\\s*(?:final\\s+)?([A-Za-z_][\\w.]*)(?:<[^;=]*>)?(?:\\[\\])*\\s+([A-Za-z_]\\w*)\\s*[=;]");
    private static final java.util.Set<String> NOT_TYPES = java.util.Set.of("return", "throw", "new", "else", "case", "yield", "assert");

    /** The variable names a parameters cell declares, in order. */
    static List<String> declaredNames(String source) {
        List<String> names = new ArrayList<>();
        var m = DECLARATION.matcher(source);
        while (m.find()) {
            if (!NOT_TYPES.contains(m.group(1)) && !javax.lang.model.SourceVersion.isKeyword(m.group(2))) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    /**
     * Fills in what nbformat 4.5 requires of every cell (an id; outputs and execution_count on code cells) and
     * the kernel's metadata.
     */
    void normalise(String javaVersion) {
        int minor = root.path("nbformat_minor").asInt(0);
        if (minor < 5) {
            root.put("nbformat_minor", 5);
        }
        for (JsonNode c : cells()) {
            ObjectNode cell = (ObjectNode) c;
            if (!cell.path("id").isTextual()) {
                cell.put("id", UUID.randomUUID().toString().substring(0, 8));
            }
            if (!cell.has("metadata")) {
                cell.putObject("metadata");
            }
            if ("code".equals(cell.path("cell_type").asText())) {
                if (!cell.has("outputs")) {
                    cell.putArray("outputs");
                }
                if (!cell.has("execution_count")) {
                    cell.putNull("execution_count");
                }
            }
        }
        ObjectNode meta = (ObjectNode) root.get("metadata");
        if (!meta.has("kernelspec")) {
            ObjectNode ks = meta.putObject("kernelspec");
            ks.put("name", "snaklib");
            ks.put("display_name", "Java (snaklib)");
            ks.put("language", "java");
        }
        ObjectNode lang = meta.putObject("language_info");
        lang.put("name", "java");
        lang.put("version", javaVersion);
        lang.put("mimetype", "text/x-java-source");
        lang.put("file_extension", ".jshell");
        lang.put("pygments_lexer", "java");
        lang.put("codemirror_mode", "text/x-java");
    }

    public void write(Path target) {
        try {
            String json = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
            AtomicFiles.writeString(target, json + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** A papermill-style {@code name=value} parameter and the Java declaration it becomes. */
    public record Parameter(String name, String value) {
        public static Parameter parse(String kv) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(null, "parameter '" + kv + "' must look like name=value");
            }
            String name = kv.substring(0, eq).strip();
            if (!javax.lang.model.SourceVersion.isIdentifier(name) || javax.lang.model.SourceVersion.isKeyword(name)) {
                throw new BadInputException(null, "parameter name '" + name + "' is not a Java identifier");
            }
            return new Parameter(name, kv.substring(eq + 1));
        }

        /** {@code var name = literal;}: int, long, double, boolean when the value reads as one, else a String. */
        public String declaration() {
            return "var " + name + " = " + literal(value) + ";";
        }

        static String literal(String v) {
            String s = v.strip();
            if (s.equals("true") || s.equals("false")) {
                return s;
            }
            if (s.matches("[-+]?\\d{1,18}")) {
                long n = Long.parseLong(s);
                return n == (int) n ? Long.toString(n) : n + "L";
            }
            if (s.matches("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?") ) {
                return Double.toString(Double.parseDouble(s));
            }
            StringBuilder q = new StringBuilder("\"");
            for (char ch : v.toCharArray()) {
                switch (ch) {
                    case '"' -> q.append("\\\"");
                    case '\\' -> q.append("\\\\");
                    case '\n' -> q.append("\\n");
                    case '\r' -> q.append("\\r");
                    case '\t' -> q.append("\\t");
                    default -> q.append(ch < 0x20 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
                }
            }
            return q.append('"').toString();
        }
    }
}
