package dk.snaklib.corpus.debian;

import java.util.List;

/**
 * The language-ID data: the packages whose text the learned word table is counted from ({@link #TRAINING}), and
 * the disjoint packages the held-out evaluation set is drawn from ({@link #HELD_OUT}); no package is in both.
 * Training text is parallel where it can be (the same LibreOffice messages, Debian Edu manual and man pages in
 * every language), so product names and topics weigh the same in each language and only the language differs.
 * Versions are pinned in data-catalog/recipes/langid.sh.
 */
public final class LangidRecipe {
    private LangidRecipe() {}

    private static final String EDU_NAV = "div.toc, div.navheader, div.navfooter, div.titlepage, div.literallayout, pre";
    private static final String GIMP_NAV = "div.navheader, div.navfooter, div.toc, div.list-of-figures, div.list-of-tables";
    private static final String LO_MO = "usr/lib/libreoffice/program/resource/%s/LC_MESSAGES/*.mo";

    /** The languages of the learned table, in its column order. */
    public static final List<String> LANGUAGES = List.of("da", "nb", "nn", "sv", "en", "de");

    public static final List<RecipeSource> TRAINING = List.of(
            lo("da"), lo("nb"), lo("nn"), lo("sv"), lo("de"),
            new RecipeSource("ui-messages", "en", "libreoffice-l10n-da", "mo-original", LO_MO.formatted("da"), "", "",
                    "MPL-2.0", "interface messages"),
            edu("da", "da"), edu("nb", "nb-no"), edu("de", "de"), edu("en", "en"),
            man("da"), man("nb"), man("sv"), man("de"),
            new RecipeSource("manpages", "en", "manpages", "man", "usr/share/man/man*/*.gz", "", "", "GPL-2+ and others",
                    "reference pages"));

    /** Message catalogues of other programs, and manuals not in {@link #TRAINING}. */
    public static final List<RecipeSource> HELD_OUT = heldOut();

    /** English text only used to recognise untranslated paragraphs in the held-out manuals, never sampled. */
    public static final List<RecipeSource> UNTRANSLATED_FILTER = List.of(
            new RecipeSource("gimp-help", "en", "gimp-help-en", "html", "usr/share/gimp/2.0/help/en/*.html", "body",
                    GIMP_NAV, "GFDL-NIV-1.2+", "user manual"),
            new RecipeSource("debian-edu-legacy", "en", "debian-edu-doc-legacy-en", "html",
                    "usr/share/doc/debian-edu-doc-legacy-en/*.html", "body", EDU_NAV, "GPL-2+", "manuals"));

    /** Held-out catalogues: package, its licence, and the languages it has (en: its msgids, via the da catalogue). */
    private record Catalogue(String pkg, String licence, String glob, List<String> languages) {}

    private static List<RecipeSource> heldOut() {
        String locale = "usr/share/locale/%s/LC_MESSAGES/*.mo";
        List<Catalogue> catalogues = List.of(
                new Catalogue("coreutils", "GPL-3+", locale, List.of("da", "nb", "sv")),
                new Catalogue("apt", "GPL-2+", locale, List.of("da", "nb", "nn", "sv")),
                new Catalogue("aptitude-common", "GPL-2+", locale, List.of("da", "nb", "nn", "sv")),
                new Catalogue("gnupg-l10n", "GPL-3+", locale, List.of("da", "nb", "sv")),
                new Catalogue("e2fsprogs-l10n", "GPL-2", locale, List.of("da", "sv")),
                new Catalogue("util-linux-locales", "GPL-2+", locale, List.of("da", "sv")),
                new Catalogue("gcc-12-locales", "GPL-3+", locale, List.of("da", "sv")),
                new Catalogue("evolution-common", "LGPL-2 or LGPL-3", locale, List.of("da", "nb", "nn", "sv")),
                new Catalogue("gnome-control-center-data", "GPL-2+", locale, List.of("da", "nb", "nn", "sv")),
                new Catalogue("gnucash-common", "GPL-2+", locale, List.of("da", "nb", "sv")),
                new Catalogue("digikam-data", "GPL-2+", locale, List.of("da", "nb", "nn", "sv")),
                new Catalogue("dolphin", "GPL-2+", locale, List.of("da", "nb", "nn", "sv")),
                new Catalogue("konsole", "GPL-2+", locale, List.of("da", "nb", "nn", "sv")),
                new Catalogue("okular", "GPL-2+", locale, List.of("da", "nb", "nn", "sv")),
                new Catalogue("kdenlive-data", "GPL-3+", locale, List.of("da", "sv")));
        List<RecipeSource> out = new java.util.ArrayList<>();
        for (Catalogue c : catalogues) {
            for (String lang : c.languages()) {
                out.add(new RecipeSource("messages", lang, c.pkg(), "mo", c.glob().formatted(lang), "", "", c.licence(),
                        "interface messages"));
            }
            out.add(new RecipeSource("messages", "en", c.pkg(), "mo-original", c.glob().formatted("da"), "", "",
                    c.licence(), "interface messages"));
        }
        for (String lang : List.of("da", "nn", "sv")) {
            out.add(new RecipeSource("gimp-help", lang, "gimp-help-" + lang, "html",
                    "usr/share/gimp/2.0/help/" + lang + "/*.html", "body", GIMP_NAV, "GFDL-NIV-1.2+", "user manual"));
        }
        out.add(new RecipeSource("debian-edu-legacy", "nb", "debian-edu-doc-legacy-nb-no", "html",
                "usr/share/doc/debian-edu-doc-legacy-nb-no/*.html", "body", EDU_NAV, "GPL-2+", "manuals"));
        return List.copyOf(out);
    }

    private static RecipeSource lo(String lang) {
        return new RecipeSource("ui-messages", lang, "libreoffice-l10n-" + lang, "mo", LO_MO.formatted(lang), "", "",
                "MPL-2.0", "interface messages");
    }

    private static RecipeSource edu(String lang, String suffix) {
        return new RecipeSource("debian-edu-manual", lang, "debian-edu-doc-" + suffix, "html-sections",
                "usr/share/doc/debian-edu-doc-" + suffix + "/debian-edu-bookworm-manual.html", "div.section", EDU_NAV,
                "GPL-2+", "institutional manual");
    }

    private static RecipeSource man(String lang) {
        return new RecipeSource("manpages", lang, "manpages-" + lang, "man", "usr/share/man/" + lang + "/**.gz", "", "",
                "GPL-3+", "reference pages");
    }
}
