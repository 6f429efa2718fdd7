package dk.snaklib.cli;

import dk.snaklib.model.Generator;
import dk.snaklib.model.HfModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt with a model (KV cache; greedy at temperature 0, else top-p sampling).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Hugging Face model folder") Path model;
    @Option(names = "--prompt", required = true) String prompt;
    @Option(names = "--max-new-tokens", defaultValue = "64") int maxNewTokens;
    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default)") double temperature;
    @Option(names = "--top-p", defaultValue = "1.0") double topP;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--device", defaultValue = "cpu") String device;
    @Option(names = "--adapter", description = "PEFT LoRA adapter folder to apply over --model") Path adapter;

    @Override
    public Integer call() {
        try (HfModel f = HfModel.open(model, Devices.parse(device))) {
            Adapters.attach(adapter, f.model());
            long[] ids = f.tokenizer().encodeWithSpecialTokens(prompt);
            if (ids.length == 0) {
                throw new IllegalArgumentException("the prompt has no tokens");
            }
            List<Integer> stops = f.tokenizer().eosId().isPresent() ? List.of(f.tokenizer().eosId().getAsInt()) : List.of();
            long[] all = Generator.generate(f.model(), ids, maxNewTokens,
                    new Generator.Sampling(temperature, topP, seed), stops);
            long[] generated = Arrays.copyOfRange(all, ids.length, all.length);
            int[] asInts = Arrays.stream(generated).mapToInt(x -> (int) x).toArray();
            System.out.println(prompt + f.tokenizer().decode(asInts, true)); // the stop token is not text
        }
        return 0;
    }
}
