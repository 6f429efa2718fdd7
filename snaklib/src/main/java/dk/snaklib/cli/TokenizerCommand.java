package dk.snaklib.cli;

import dk.snaklib.tokenizer.BpeTrainer;
import dk.snaklib.tokenizer.TextDocuments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tokenizer", mixinStandardHelpOptions = true, description = "Tokenizer tools.",
        subcommands = TokenizerCommand.Train.class)
final class TokenizerCommand {

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a byte-level BPE tokenizer and save it as a Hugging Face tokenizer.json.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--text", required = true, arity = "1..*", description = "text corpora (.txt, .jsonl, .gz)")
        List<Path> texts;
        @Option(names = "--vocab", defaultValue = "4096") int vocab;
        @Option(names = "--min-frequency", defaultValue = "2") long minFrequency;
        @Option(names = "--out", required = true, description = "tokenizer.json path or folder") Path out;

        @Override
        public Integer call() {
            var model = BpeTrainer.builder().vocabSize(vocab).minFrequency(minFrequency).showProgress(true).build()
                    .train(TextDocuments.stream(texts).iterator(), texts.toString());
            Path saved = model.save(out);
            System.out.printf("tokenizer with %d tokens (%d merges) written to %s%n", model.vocabSize(),
                    model.merges().size(), saved);
            return 0;
        }
    }
}
