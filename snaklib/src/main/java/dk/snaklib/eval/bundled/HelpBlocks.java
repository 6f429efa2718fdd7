package dk.snaklib.eval.bundled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A LibreOffice help page as its identified blocks in reading order: headings ({@code hd_id...}) and paragraphs
 * ({@code par_id...}), code listings left out. The extraction is the bundled instruction set's
 * ({@code tune.bundled.HelpPage}, package-private there), so a block's text here is the same string the instruction
 * builder used to keep paragraphs of evaluation units out of its splits.
 */
record HelpBlocks(String path, List<Block> blocks) {

    /** One heading (level 1-6) or paragraph (level 0), with the text as shown. */
    record Block(String id, int level, String text) {
        boolean heading() {
            return level > 0;
        }
    }

    /** A heading with the paragraphs under it, up to the next heading. */
    record Section(Block heading, List<Block> paragraphs) {
        String body() {
            return String.join("\n", paragraphs.stream().map(Block::text).toList());
        }
    }

    static HelpBlocks read(Path file, String path) {
        try {
            var doc = Jsoup.parse(file.toFile(), "UTF-8");
            Element root = doc.selectFirst("#DisplayArea");
            if (root == null) {
                return new HelpBlocks(path, List.of());
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
            return new HelpBlocks(path, List.copyOf(blocks));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    List<Section> sections() {
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

    static long letters(String s) {
        return s.codePoints().filter(Character::isLetter).count();
    }
}
