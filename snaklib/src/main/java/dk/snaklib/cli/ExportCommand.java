package dk.snaklib.cli;

import dk.snaklib.corpus.megatron.MegatronExport;
import dk.snaklib.corpus.megatron.MegatronJsonl;
import dk.snaklib.tokenizer.HfTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Export data for other trainers.",
        subcommands = {ExportCommand.Megatron.class, ExportCommand.Jsonl.class})
final class ExportCommand {

    @Command(name = "megatron", mixinStandardHelpOptions = true,
            description = "Tokenize corpus Parquet files into a Megatron-LM indexed dataset {prefix}_text_document.bin/.idx.")
    static final class Megatron implements Callable<Integer> {
        @Option(names = "--corpus", required = true, arity = "1..*", description = "corpus Parquet files (from snak corpus run)")
        List<Path> corpus;
        @Option(names = "--tokenizer", required = true, description = "tokenizer.json (e.g. Llama-2's)") Path tokenizer;
        @Option(names = "--prefix", required = true,
                description = "output prefix, as Megatron's preprocess_data.py --output_prefix: writes PREFIX_text_document.bin/.idx")
        Path prefix;
        @Option(names = "--exact-prefix", description = "write PREFIX.bin/.idx, without Megatron's _text_document suffix")
        boolean exactPrefix;
        @Option(names = "--no-eos", description = "do not append EOS to every document") boolean noEos;

        @Override
        public Integer call() {
            int vocab;
            int eos;
            try (HfTokenizer tok = HfTokenizer.load(tokenizer)) {
                vocab = tok.vocabSize();
                eos = noEos ? -1 : tok.requireEosId();
            }
            MegatronExport.Result r = exactPrefix ? MegatronExport.runTo(corpus, tokenizer, prefix, vocab, eos)
                    : MegatronExport.run(corpus, tokenizer, prefix, vocab, eos);
            System.out.printf("%,d documents written to %s and %s%n", r.documents(), r.bin(), r.idx());
            return 0;
        }
    }

    @Command(name = "jsonl", mixinStandardHelpOptions = true,
            description = "Corpus Parquet files as {\"text\": ...} JSON lines, for Megatron-LLM's tools/preprocess_data.py.")
    static final class Jsonl implements Callable<Integer> {
        @Option(names = "--corpus", required = true, arity = "1..*", description = "corpus Parquet files") List<Path> corpus;
        @Option(names = "--out", required = true, description = "the .jsonl file to write") Path out;

        @Override
        public Integer call() {
            long n = MegatronJsonl.write(corpus, out);
            System.out.printf("%,d documents written to %s%n", n, out);
            return 0;
        }
    }
}
