package dk.snaklib.cli;

import dk.snaklib.corpus.pipeline.CharNgramLanguageId;
import dk.snaklib.corpus.pipeline.LanguageFilter;
import dk.snaklib.corpus.pipeline.LanguageIdEvaluation;
import dk.snaklib.corpus.pipeline.LearnedWords;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snak bench langid}: the language filter's per-line accuracy by language pair and line length. */
@Command(name = "langid", mixinStandardHelpOptions = true,
        description = "Language-ID accuracy on a labelled set (default: the bundled held-out set): Danish recall and "
                + "each other language's false accepts at the study's threshold, by word-count bin, as Markdown.")
final class LangidBenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SET.tsv[.zst]", arity = "0..1", description = "language<TAB>[package<TAB>]text with a header "
            + "(default: data-catalog/bundled/langid-heldout.tsv.zst)") Path set;
    @Option(names = "--threshold", defaultValue = "0.6", description = "Danish probability to beat (default: the study's ${DEFAULT-VALUE})")
    double threshold;
    @Option(names = "--languages", split = ",", description = "candidate languages (default: da,nb,nn,sv,en,de)")
    List<String> languages = LanguageFilter.DEFAULT_LANGUAGES;
    @Option(names = "--word-weight", description = "weight of the learned word scores instead of the bundled table's "
            + "(0: Lingua's character model alone, the filter before the word scores)") Double wordWeight;

    @Override
    public Integer call() {
        Path file = set != null ? set : ProjectPaths.find("data-catalog/bundled/langid-heldout.tsv.zst");
        var lines = LanguageIdEvaluation.read(file);
        long start = System.nanoTime();
        var model = wordWeight == null ? new CharNgramLanguageId(languages)
                : new CharNgramLanguageId(languages, LearnedWords.bundled().with(wordWeight, LearnedWords.bundled().alpha()));
        var filter = new LanguageFilter(model, threshold, LanguageFilter.Mode.LINE);
        var result = LanguageIdEvaluation.run(filter, lines);
        System.out.printf("bench langid %s: %d lines, threshold %s, languages %s, word weight %s (%.1f s)%n", file,
                lines.size(), threshold, String.join(",", languages), wordWeight == null ? LearnedWords.bundled().weight()
                : wordWeight, (System.nanoTime() - start) / 1e9);
        System.out.print(result.markdown());
        System.out.printf("%n10+ words: Danish recall %.2f%%, Bokmål judged Danish %.2f%%%n",
                100 * result.danishRate("da", 10), 100 * result.danishRate("nb", 10));
        return 0;
    }
}
