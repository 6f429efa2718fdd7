package dk.snaklib.eval;

import dk.snaklib.tokenizer.HfTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * v13's tokenizer-dependent rules (utils.should_prompts_be_stripped, should_prefix_space_be_added_to_labels and
 * get_closest_logprobs_labels): whether the prompt is stripped of its trailing space, whether label words get a
 * leading space, and the first token id of each candidate label word.
 *
 * @param stripPrompts      strip the whole prompt (always so when the task has no label words)
 * @param addPrefixSpace    prepend a space to each label word before tokenizing it
 * @param candidateTokenIds first token id of each candidate word, in task.labels order
 */
public record LabelTokens(boolean stripPrompts, boolean addPrefixSpace, int[] candidateTokenIds) {
    /** The rules for a task under one tokenizer. */
    public interface Factory {
        LabelTokens of(DanishTask task);
    }

    public static LabelTokens of(DanishTask task, HfTokenizer tokenizer) {
        List<String> words = List.copyOf(task.labelMapping().values());
        boolean strip = true;
        int[] colon = tokenizer.encode(": ");
        for (String w : words) {
            int[] withLabel = tokenizer.encode(": " + w);
            if (withLabel.length >= colon.length && Arrays.equals(Arrays.copyOf(withLabel, colon.length), colon)) {
                strip = false;
            }
        }
        boolean prefixSpace = false;
        if (strip && !words.isEmpty()) {
            String space = firstChar(tokenizer, tokenizer.encode(" ")[0]);
            prefixSpace = true;
            for (String w : words) {
                if (firstChar(tokenizer, tokenizer.encode(w)[0]).equals(space)) {
                    prefixSpace = false;
                    break;
                }
            }
        }
        List<String> candidates = task.candidateWords();
        int[] ids = new int[candidates.size()];
        for (int i = 0; i < ids.length; i++) {
            String w = candidates.get(i).toLowerCase(java.util.Locale.ROOT);
            int[] t = tokenizer.encode(prefixSpace ? " " + w : w);
            if (t.length == 0) {
                throw new IllegalArgumentException("label word '" + w + "' has no tokens");
            }
            ids[i] = t[0];
        }
        return new LabelTokens(strip, prefixSpace, ids);
    }

    /** convert_ids_to_tokens(id)[0]: the first character of the token's vocabulary string. */
    private static String firstChar(HfTokenizer tokenizer, int id) {
        String token = tokenizer.idToToken(id).orElse("");
        return token.isEmpty() ? "" : token.substring(0, Character.charCount(token.codePointAt(0)));
    }

    /** The prompt as v13 feeds it: stripped when the rule says so. */
    public String prepare(String prompt) {
        return stripPrompts ? PyStr.strip(prompt) : prompt;
    }
}
