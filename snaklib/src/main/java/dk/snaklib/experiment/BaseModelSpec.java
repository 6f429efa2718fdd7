package dk.snaklib.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Experiment 02 ({@code notebooks/02-base-model.yaml}): the English base model that stands in for Llama-2-7B.
 *
 * @param englishSources catalog entries of the English base corpus (tokenizer and pre-training)
 * @param tokenizer      BPE settings (the vocabulary size and the text cap come from the preset)
 * @param overrides      per preset, the preset values the base run replaces
 * @param fertility      what tokenizer fertility (tokens per word) is measured on
 */
public record BaseModelSpec(List<String> englishSources, Tokenizer tokenizer, Map<String, Map<String, Object>> overrides,
                            Fertility fertility) {
    public static final String FILE = "02-base-model.yaml";

    /** @param minFrequency pairs seen fewer times are not merged */
    public record Tokenizer(long minFrequency) {
        public Tokenizer {
            if (minFrequency < 1) {
                throw new IllegalArgumentException("key \"tokenizer.min_frequency\": must be >= 1, got " + minFrequency);
            }
        }
    }

    /**
     * @param englishSources   English catalog entries to measure on
     * @param danishSources    their Danish counterparts (the same packages, translated)
     * @param documentsPerSource documents read from each source
     */
    public record Fertility(List<String> englishSources, List<String> danishSources, int documentsPerSource) {
        public Fertility {
            englishSources = List.copyOf(englishSources);
            danishSources = List.copyOf(danishSources);
            if (documentsPerSource < 1) {
                throw new IllegalArgumentException("key \"fertility.documents_per_source\": must be >= 1, got " + documentsPerSource);
            }
        }
    }

    public BaseModelSpec {
        englishSources = List.copyOf(englishSources);
        if (englishSources.isEmpty()) {
            throw new IllegalArgumentException("key \"english_sources\": give at least one catalog entry");
        }
    }

    public static BaseModelSpec read(Path file) {
        BaseModelSpec s = SpecFile.read(file, BaseModelSpec.class);
        return new BaseModelSpec(s.englishSources, s.tokenizer, PresetOverrides.check(s.overrides, file), s.fertility);
    }
}
