package dk.snaklib.corpus.debian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Visible text of an HTML help page as paragraphs: block elements (headings, paragraphs, list items, cells) end a
 * paragraph, inline elements run on; scripts, styles and navigation (selectors given) are left out.
 */
public final class HtmlText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
            "td", "th", "tr", "pre", "blockquote", "br", "table", "ul", "ol", "dl", "section", "article", "caption",
            "figcaption", "title", "header", "footer", "aside", "nav", "form", "hr");

    private HtmlText() {}

    /**
     * @param content CSS selector of the content root (e.g. {@code #DisplayArea}); the body when it matches nothing
     * @param remove  CSS selector of parts to drop inside it (navigation, code listings), or ""
     */
    public static List<String> paragraphs(Path file, String content, String remove) {
        try {
            var doc = Jsoup.parse(file.toFile(), "UTF-8");
            doc.select("script, style, noscript").remove();
            Element root = content.isEmpty() ? null : doc.selectFirst(content);
            if (root == null) {
                root = doc.body();
            }
            if (!remove.isEmpty()) {
                root.select(remove).remove();
            }
            return paragraphs(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<String> paragraphs(Element root) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        root.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    current.append(t.getWholeText());
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    flush(current, out);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    flush(current, out);
                }
            }
        });
        flush(current, out);
        return out;
    }

    private static void flush(StringBuilder sb, List<String> out) {
        String text = sb.toString().replaceAll("[\\s\\u00A0]+", " ").strip();
        if (!text.isEmpty()) {
            out.add(text);
        }
        sb.setLength(0);
    }
}
