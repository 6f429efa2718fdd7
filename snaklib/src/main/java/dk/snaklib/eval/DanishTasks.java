package dk.snaklib.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/** The eight Danish ScandEval v13 datasets, with v13's prefixes, templates, label words and counts. */
public final class DanishTasks {
    private static final String MC_PREFIX = "Følgende er multiple choice spørgsmål (med svar).";
    private static final List<String> MC_LABELS = List.of("a", "b", "c", "d");

    public static final DanishTask SCALA_DA = new DanishTask("scala-da", "ScandEval/scala-da",
            "linguistic-acceptability", TaskType.CLASSIFICATION,
            "Følgende er sætninger og om de er grammatisk korrekte.",
            "Sætning: {text}\nGrammatisk korrekt: {label}",
            map("correct", "ja", "incorrect", "nej"), List.of("incorrect", "correct"), 12, 1,
            List.of("mcc", "macro_f1"));

    public static final DanishTask DANSK = new DanishTask("dansk", "ScandEval/dansk-mini",
            "named-entity-recognition", TaskType.NER,
            "Følgende er sætninger og JSON-ordbøger med de navngivne enheder, som forekommer i den givne sætning.",
            "Sætning: {text}\nNavngivne enheder: {label}",
            map("b-per", "person", "i-per", "person", "b-loc", "sted", "i-loc", "sted",
                    "b-org", "organisation", "i-org", "organisation", "b-misc", "diverse", "i-misc", "diverse"),
            List.of("b-loc", "b-org", "b-per", "b-misc"), 8, 128, List.of("micro_f1_no_misc", "micro_f1"));

    public static final DanishTask ANGRY_TWEETS = new DanishTask("angry-tweets", "ScandEval/angry-tweets-mini",
            "sentiment-classification", TaskType.CLASSIFICATION,
            "Følgende er tweets og deres sentiment, som kan være 'positiv', 'neutral' eller 'negativ'.",
            "Tweet: {text}\nSentiment: {label}",
            map("positive", "positiv", "neutral", "neutral", "negative", "negativ"),
            List.of("negative", "neutral", "positive"), 12, 1, List.of("mcc", "macro_f1"));

    public static final DanishTask NORDJYLLAND_NEWS = new DanishTask("nordjylland-news",
            "ScandEval/nordjylland-news-mini", "summarization", TaskType.SUMMARIZATION,
            "Følgende er nyhedsartikler med tilhørende resuméer.", "Nyhedsartikel: {text}\nResumé: {target_text}",
            new LinkedHashMap<>(), List.of(), 1, 256, List.of("bertscore", "rouge_l"));

    public static final DanishTask HELLASWAG_DA = new DanishTask("hellaswag-da", "ScandEval/hellaswag-da-mini",
            "common-sense-reasoning", TaskType.CLASSIFICATION, MC_PREFIX, "Spørgsmål: {text}\nSvar: {label}",
            mcMapping(), MC_LABELS, 5, 1, List.of("mcc", "accuracy"));

    public static final DanishTask SCANDIQA_DA = new DanishTask("scandiqa-da", "ScandEval/scandiqa-da-mini",
            "reading-comprehension", TaskType.QA, "Følgende er tekster med tilhørende spørgsmål og svar.",
            "Tekst: {text}\nSpørgsmål: {question}\nSvar med maks. 3 ord: {label}",
            new LinkedHashMap<>(), List.of(), 4, 32, List.of("em", "f1"));

    public static final DanishTask DANSKE_TALEMAADER = new DanishTask("danske-talemaader",
            "ScandEval/danske-talemaader-mini", "knowledge", TaskType.CLASSIFICATION, MC_PREFIX,
            "Hvad er betydningen af følgende talemåde: {text}\nSvar: {label}", mcMapping(), MC_LABELS, 5, 1,
            List.of("mcc", "accuracy"));

    public static final DanishTask DANISH_CITIZEN_TESTS = new DanishTask("danish-citizen-tests",
            "ScandEval/danish-citizen-tests", "knowledge", TaskType.CLASSIFICATION, MC_PREFIX,
            "Spørgsmål: {text}\nSvar: {label}", mcMapping(), MC_LABELS, 5, 1, List.of("mcc", "accuracy"));

    /** All eight, in the order the study's tables list them. */
    public static final List<DanishTask> ALL = List.of(SCALA_DA, DANSK, ANGRY_TWEETS, NORDJYLLAND_NEWS,
            HELLASWAG_DA, SCANDIQA_DA, DANSKE_TALEMAADER, DANISH_CITIZEN_TESTS);

    private DanishTasks() {}

    /** The task named {@code name} (one of the eight or a {@link BundledTasks bundled} one), or an error listing the known names. */
    public static DanishTask byName(String name) {
        for (DanishTask t : ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        for (DanishTask t : BundledTasks.ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                + ALL.stream().map(DanishTask::name).toList() + " and bundled " + BundledTasks.names());
    }

    private static SequencedMap<String, String> mcMapping() {
        return map("a", "a", "b", "b", "c", "c", "d", "d");
    }

    private static SequencedMap<String, String> map(String... kv) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableSequencedMap(m);
    }
}
