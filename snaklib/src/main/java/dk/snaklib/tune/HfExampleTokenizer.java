package dk.snaklib.tune;

import dk.snaklib.tokenizer.HfTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ExampleTokenizer} over a Hugging Face tokenizer, as TRL calls it: {@code tokenizer(texts,
 * add_special_tokens=True)}, so a Llama tokenizer puts BOS first and a GPT-2 style one adds nothing. A token is an
 * answer token when its characters overlap the answer's span.
 */
public final class HfExampleTokenizer implements ExampleTokenizer {
    private final HfTokenizer tokenizer;

    public HfExampleTokenizer(HfTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public List<TokenizedExample> tokenize(List<FormattedExample> examples) {
        List<HfTokenizer.Spans> spans = tokenizer.encodeWithSpans(examples.stream().map(FormattedExample::text).toList());
        List<TokenizedExample> out = new ArrayList<>(examples.size());
        for (int e = 0; e < examples.size(); e++) {
            FormattedExample f = examples.get(e);
            HfTokenizer.Spans s = spans.get(e);
            boolean[] answer = new boolean[s.ids().length];
            for (int i = 0; i < answer.length; i++) {
                answer[i] = s.starts()[i] >= 0 && s.starts()[i] < f.answerEnd() && s.ends()[i] > f.answerStart();
            }
            out.add(new TokenizedExample(s.ids(), answer));
        }
        return out;
    }
}
