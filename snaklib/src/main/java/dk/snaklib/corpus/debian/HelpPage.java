package dk.snaklib.corpus.debian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A LibreOffice help page as its identified blocks in reading order: headings ({@code hd_id...}) and paragraphs
 * ({@code par_id...}). The ids are the same in every language's help, so the Danish and English pages of one
 * file align block by block. Code listings are left out. The bundled instruction set and the bundled evaluation
 * tasks both read pages with it, so a block is the same string in both (the tasks keep instruction paragraphs out).
 */
public record HelpPage(String path, List<Block> blocks) {

    /** One heading (level 1-6) or paragraph (level 0), with the text as shown. */
    public record Block(String id, int level, String text) {
        public boolean heading() {
            return level > 0;
        }
    }

    /** A heading with the paragraphs under it, up to the next heading. */
    public record Section(Block heading, List<Block> paragraphs) {
        public String body() {
            return String.join("\n", paragraphs.stream().map(Block::text).toList());
        }
    }

    public static HelpPage read(Path file, String path) {
        try {
            var doc = Jsoup.parse(file.toFile(), "UTF-8");
            Element root = doc.selectFirst("#DisplayArea");
            if (root == null) {
                return new HelpPage(path, List.of());
            }
            root.select("script, style, pre, .bascode, .pycode, .switchinline").remove();
            List<Block> blocks = new ArrayList<>();
            for (Element e : root.select("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id], p[id]")) {
                String text = e.text().replace('\u00A0', ' ').replaceAll("\\s+", " ").strip();
                int level = e.normalName().startsWith("h") ? e.normalName().charAt(1) - '0' : 0;
                if (letters(text) >= 3) {
                    blocks.add(new Block(e.id(), level, text));
                }
            }
            return new HelpPage(path, List.copyOf(blocks));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The page's sections: each heading with the paragraphs that follow it. */
    public List<Section> sections() {
        List<Section> out = new ArrayList<>();
        Block heading = null;
        List<Block> body = new ArrayList<>();
        for (Block b : blocks) {
            if (b.heading()) {
                if (heading != null) {
                    out.add(new Section(heading, List.copyOf(body)));
                }
                heading = b;
                body.clear();
            } else if (heading != null) {
                body.add(b);
            }
        }
        if (heading != null) {
            out.add(new Section(heading, List.copyOf(body)));
        }
        return out;
    }

    public static long letters(String s) {
        return s.codePoints().filter(Character::isLetter).count();
    }
}
