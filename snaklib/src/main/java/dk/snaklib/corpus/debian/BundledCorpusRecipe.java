package dk.snaklib.corpus.debian;

import java.util.List;

/**
 * The bundled corpus: Danish text of five registers from Debian packages, the English counterparts from the
 * same kinds of packages (for the base model), and a language-ID test set of Norwegian, Swedish and German lines
 * from other packages. Versions are pinned in data-catalog/recipes/bundled-corpus.sh.
 */
public final class BundledCorpusRecipe {
    private BundledCorpusRecipe() {}

    private static final String GIMP_NAV = "div.navheader, div.navfooter, div.toc, div.list-of-figures, div.list-of-tables";
    private static final String EDU_NAV = "div.toc, div.navheader, div.navfooter, div.titlepage, div.literallayout, pre";

    public static final List<RecipeSource> CORPUS = List.of(
            new RecipeSource("libreoffice-help", "da", "libreoffice-help-da", "html", "usr/share/libreoffice/help/da/text/**.html",
                    "#DisplayArea", "pre, .bascode, .pycode", "MPL-2.0", "software help"),
            new RecipeSource("gimp-help", "da", "gimp-help-da", "html", "usr/share/gimp/2.0/help/da/*.html",
                    "body", GIMP_NAV, "GFDL-NIV-1.2+", "user manual"),
            new RecipeSource("debian-edu-manual", "da", "debian-edu-doc-da", "html-sections",
                    "usr/share/doc/debian-edu-doc-da/debian-edu-bookworm-manual.html", "div.section", EDU_NAV, "GPL-2+",
                    "institutional manual"),
            new RecipeSource("manpages", "da", "manpages-da", "man", "usr/share/man/da/**.gz", "", "", "GPL-3+",
                    "reference pages"),
            new RecipeSource("ui-messages", "da", "libreoffice-l10n-da", "mo",
                    "usr/lib/libreoffice/program/resource/da/LC_MESSAGES/*.mo", "", "", "MPL-2.0", "interface messages"),

            new RecipeSource("libreoffice-help", "en", "libreoffice-help-en-us", "html",
                    "usr/share/libreoffice/help/en-US/text/**.html", "#DisplayArea", "pre, .bascode, .pycode", "MPL-2.0",
                    "software help"),
            new RecipeSource("gimp-help", "en", "gimp-help-en", "html", "usr/share/gimp/2.0/help/en/*.html",
                    "body", GIMP_NAV, "GFDL-NIV-1.2+", "user manual"),
            new RecipeSource("debian-edu-manual", "en", "debian-edu-doc-en", "html-sections",
                    "usr/share/doc/debian-edu-doc-en/debian-edu-bookworm-manual.html", "div.section", EDU_NAV, "GPL-2+",
                    "institutional manual"),
            new RecipeSource("manpages", "en", "manpages", "man", "usr/share/man/man*/*.gz", "", "", "GPL-2+ and others",
                    "reference pages"),
            new RecipeSource("ui-messages", "en", "libreoffice-l10n-da", "mo-original",
                    "usr/lib/libreoffice/program/resource/da/LC_MESSAGES/*.mo", "", "", "MPL-2.0", "interface messages"));

    /** Other Scandinavian languages and German, only for measuring language ID. */
    public static final List<RecipeSource> LANGID_TEST = List.of(
            new RecipeSource("debian-edu-manual", "nb", "debian-edu-doc-nb-no", "html-sections",
                    "usr/share/doc/debian-edu-doc-nb-no/debian-edu-bookworm-manual.html", "div.section", EDU_NAV, "GPL-2+", ""),
            new RecipeSource("manpages", "nb", "manpages-nb", "man", "usr/share/man/nb/**.gz", "", "", "GPL-3+", ""),
            new RecipeSource("gimp-help", "nn", "gimp-help-nn", "html", "usr/share/gimp/2.0/help/nn/*.html", "body",
                    GIMP_NAV, "GFDL-NIV-1.2+", ""),
            new RecipeSource("libreoffice-help", "sv", "libreoffice-help-sv", "html",
                    "usr/share/libreoffice/help/sv/text/**.html", "#DisplayArea", "pre, .bascode, .pycode", "MPL-2.0", ""),
            new RecipeSource("gimp-help", "sv", "gimp-help-sv", "html", "usr/share/gimp/2.0/help/sv/*.html", "body",
                    GIMP_NAV, "GFDL-NIV-1.2+", ""),
            new RecipeSource("manpages", "sv", "manpages-sv", "man", "usr/share/man/sv/**.gz", "", "", "GPL-3+", ""),
            new RecipeSource("manpages", "de", "manpages-de", "man", "usr/share/man/de/**.gz", "", "", "GPL-3+", ""),
            new RecipeSource("debian-edu-manual", "de", "debian-edu-doc-de", "html-sections",
                    "usr/share/doc/debian-edu-doc-de/debian-edu-bookworm-manual.html", "div.section", EDU_NAV, "GPL-2+", ""));
}
