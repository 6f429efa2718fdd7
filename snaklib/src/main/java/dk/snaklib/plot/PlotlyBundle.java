package dk.snaklib.plot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * The plotly.js we ship (webjar {@code org.webjars.npm:plotly.js-dist}, pinned in the parent pom), so figures need
 * no network. Embedded gzip + base64 (about 2.5 MB instead of 11 MB of source); the page inflates it with the
 * browser's DecompressionStream.
 */
public final class PlotlyBundle {
    /** The plotly.js version on the class path: whatever {@code plotlyjs.version} in pom.xml pinned. */
    public static final String VERSION = webjarVersion();
    static final String RESOURCE = "/META-INF/resources/webjars/plotly.js-dist/" + VERSION + "/plotly.js";
    /** Id of the page element that carries the bundle; figures look it up. */
    public static final String ELEMENT_ID = "snaklib-plotly-js";

    private static volatile String gzipBase64;

    private PlotlyBundle() {}

    private static String webjarVersion() {
        try (InputStream in = PlotlyBundle.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars.npm:plotly.js-dist is not on the class path");
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plotly.js webjar's version", e);
        }
    }

    /** plotly.js source as shipped in the webjar. */
    public static String source() {
        try (InputStream in = PlotlyBundle.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("plotly.js " + VERSION + " is not on the class path (" + RESOURCE
                        + "); is org.webjars.npm:plotly.js-dist:" + VERSION + " a dependency?");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The HTML element holding the compressed bundle; put it on a page once, before the figures. */
    public static String element() {
        return "<script type=\"application/gzip;base64\" id=\"" + ELEMENT_ID + "\" data-plotly-version=\"" + VERSION + "\">"
                + compressed() + "</script>\n";
    }

    static String compressed() {
        String s = gzipBase64;
        if (s == null) {
            synchronized (PlotlyBundle.class) {
                if (gzipBase64 == null) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                        gz.write(source().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    gzipBase64 = Base64.getEncoder().encodeToString(bytes.toByteArray());
                }
                s = gzipBase64;
            }
        }
        return s;
    }
}
