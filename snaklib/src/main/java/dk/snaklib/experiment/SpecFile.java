package dk.snaklib.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dk.snaklib.util.BadInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An experiment spec: a YAML file beside its notebook ({@code notebooks/02-base-model.yaml}) read into a typed
 * record, strictly. Keys are the record's components in snake_case; an unknown key, a missing one or a value of
 * the wrong type is refused naming the file, the key's dotted path and what was expected:
 * {@code notebooks/02-base-model.yaml: key "fertility.documents": expected an integer, got "many"}. Numbers are not
 * read from strings, nor integers from decimals.
 */
public final class SpecFile {
    static final ObjectMapper STRICT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private SpecFile() {}

    /** Reads {@code file} as a {@code type}. */
    public static <T> T read(Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read the experiment spec: " + e.getMessage(), e);
        }
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw new BadInputException(file, "not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new BadInputException(file, "expected a mapping of named values at the top");
        }
        return read(STRICT.valueToTree(root), type, file);
    }

    /** Converts a tree (as read from YAML) into {@code type}, with the errors described above. */
    static <T> T read(JsonNode tree, Class<T> type, Path file) {
        try {
            return STRICT.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, describe(e), e);
        } catch (IllegalArgumentException e) {
            // a record's own check (compact constructor) failed
            throw new BadInputException(file, e.getMessage(), e);
        }
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String path = path(u, true);
            Collection<Object> known = u.getKnownPropertyIds();
            return "unknown key \"" + path + "\" (known here: " + (known == null ? "?" : known.stream().map(String::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new))) + ")";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException iae) {
            return iae.getMessage(); // a record's own check, which names its key
        }
        if (e instanceof InvalidFormatException f) {
            return "key \"" + path(f, true) + "\": expected " + expected(f.getTargetType()) + ", got " + shown(f.getValue());
        }
        if (e instanceof MismatchedInputException m) {
            String msg = m.getOriginalMessage();
            if (msg != null && msg.matches("(?s)^Missing (required )?creator property '.*")) {
                return "key \"" + withName(path(m, true), msg.replaceFirst("(?s)^Missing (required )?creator property '([^']*)'.*$", "$2")) + "\" missing";
            }
            if (msg != null && msg.contains("Null value for creator property")) {
                return "key \"" + withName(path(m, true), msg.replaceFirst("(?s)^.*Null value for creator property '([^']*)'.*$", "$1")) + "\" has no value";
            }
            return "key \"" + path(m, true) + "\": expected " + expected(m.getTargetType()) + (got(msg).isEmpty() ? "" : ", got " + got(msg));
        }
        if (e instanceof JsonMappingException jm) {
            Throwable c = jm.getCause();
            String why = c != null && c.getMessage() != null ? c.getMessage() : jm.getOriginalMessage();
            return "key \"" + path(jm, false) + "\": " + why;
        }
        return e.getOriginalMessage();
    }

    /** {@code parent.name}, unless the path already ends with the name (Jackson puts it there for some errors). */
    private static String withName(String path, String name) {
        return path.equals(name) || path.endsWith("." + name) ? path : path.isEmpty() ? name : path + "." + name;
    }

    /** The dotted key path ({@code base.overrides.tiny}), list positions as [i]. */
    private static String path(JsonMappingException e, boolean all) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static String expected(Type t) {
        if (t == null) {
            return "another type";
        }
        Class<?> c = t instanceof Class<?> k ? k : t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> k ? k : Object.class;
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return "an integer";
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return "a number";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "true or false";
        }
        if (c == String.class || c == Path.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(c) || Collection.class.isAssignableFrom(c)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(c) || c.isRecord()) {
            return "a mapping";
        }
        return "a " + c.getSimpleName();
    }

    private static String got(String msg) {
        if (msg == null) {
            return "";
        }
        if (msg.contains("String value") || msg.contains("(String)")) {
            return "a string";
        }
        if (msg.contains("from Array value") || msg.contains("START_ARRAY")) {
            return "a list";
        }
        if (msg.contains("from Object value") || msg.contains("START_OBJECT")) {
            return "a mapping";
        }
        if (msg.contains("Floating-point") || msg.contains("VALUE_NUMBER_FLOAT") || msg.contains("from Floating-point")) {
            return "a decimal number";
        }
        if (msg.contains("Integer value") || msg.contains("VALUE_NUMBER_INT")) {
            return "an integer";
        }
        if (msg.contains("Boolean value") || msg.contains("VALUE_TRUE") || msg.contains("VALUE_FALSE")) {
            return "true or false";
        }
        return "";
    }

    private static String shown(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
