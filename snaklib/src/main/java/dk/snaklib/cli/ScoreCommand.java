package dk.snaklib.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.model.HfModel;
import dk.snaklib.model.TokenScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Per-token log-probabilities and perplexity of a text under a model.")
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Hugging Face model folder") Path model;
    @Option(names = "--text", required = true, description = "the text to score") String text;
    @Option(names = "--json", description = "print {\"ids\",\"logprobs\",\"nll\",\"ppl\"} (logprobs[0] is null)") boolean json;
    @Option(names = "--device", defaultValue = "cpu") String device;
    @Option(names = "--adapter", description = "PEFT LoRA adapter folder to apply over --model") Path adapter;

    @Override
    public Integer call() throws Exception {
        try (HfModel f = HfModel.open(model, Devices.parse(device))) {
            Adapters.attach(adapter, f.model());
            TokenScorer.Scores s = f.score(text);
            long[] ids = s.ids();
            if (json) {
                ObjectMapper om = new ObjectMapper();
                ObjectNode o = om.createObjectNode();
                ArrayNode idArr = o.putArray("ids");
                ArrayNode lp = o.putArray("logprobs");
                for (int i = 0; i < ids.length; i++) {
                    idArr.add(ids[i]);
                    if (i == 0) {
                        lp.addNull();
                    } else {
                        lp.add(s.logProbs()[i]);
                    }
                }
                putNumber(o, "nll", s.nll());
                putNumber(o, "ppl", s.perplexity());
                System.out.println(om.writeValueAsString(o));
            } else {
                for (int i = 0; i < ids.length; i++) {
                    String tok = f.tokenizer().idToToken((int) ids[i]).orElse("?");
                    System.out.printf("%6d  %-20s %s%n", ids[i], tok, i == 0 ? "" : String.format("%.4f", s.logProbs()[i]));
                }
                System.out.printf("tokens %d  nll %.4f  perplexity %.3f%n", ids.length, s.nll(), s.perplexity());
            }
        }
        return 0;
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
