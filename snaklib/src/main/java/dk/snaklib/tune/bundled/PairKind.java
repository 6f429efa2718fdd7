package dk.snaklib.tune.bundled;

/**
 * The kinds of pairs in the bundled Danish instruction set. Each has one fixed Danish instruction template (the
 * only text not taken from a package: it phrases the task, it is never an answer); inputs and answers are the
 * packages' own human-written text.
 */
enum PairKind {
    /** English help paragraph -> its Danish translation (aligned by paragraph id). */
    HELP_TRANSLATION("oversaet-hjaelp", "Oversæt følgende tekst fra LibreOffices hjælp til dansk:\n\n%s"),
    /** English interface message -> its Danish translation (gettext catalogue). */
    UI_TRANSLATION("oversaet-brugerflade", "Oversæt denne tekst fra LibreOffices brugerflade til dansk: \"%s\""),
    /** A help section's paragraphs -> its heading. */
    SECTION_TITLE("overskrift", "Skriv en passende overskrift til dette afsnit:\n\n%s"),
    /** A help page and a heading -> the paragraphs under that heading. */
    ANSWER_FROM_TEXT("svar-fra-tekst", "Læs teksten, og svar på spørgsmålet.\n\nTekst:\n%s\n\n"
            + "Spørgsmål: Hvad står der i teksten under overskriften \"%s\"?"),
    /** A Danish word -> its synonyms (thesaurus). */
    SYNONYMS("synonymer", "Nævn nogle synonymer for ordet \"%s\"."),
    /** A Danish word -> its English translations (dictionary). */
    WORD_TRANSLATION("ord-til-engelsk", "Hvad hedder det danske ord \"%s\" på engelsk?");

    final String id;
    final String template;

    PairKind(String id, String template) {
        this.id = id;
        this.template = template;
    }

    String prompt(Object... args) {
        return String.format(java.util.Locale.ROOT, template, args);
    }
}
