package dk.snaklib.train;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * What a checkpoint adds to the model folder so that training resumes exactly: the step reached, where the data
 * stream stands, the seed, and the SHA-256 of every file of the checkpoint (written last, so a checkpoint without
 * a readable state file is incomplete by definition).
 *
 * @param step          optimizer updates done
 * @param dataPosition  index of the next training sequence to read
 * @param tokensSeen    training tokens consumed so far
 * @param seed          the run's seed
 * @param optimizerStep AdamW's own update count (bias correction)
 * @param files         relative path -> sha256 of every other file in the checkpoint
 */
public record TrainingState(
        @JsonProperty("step") long step,
        @JsonProperty("data_position") long dataPosition,
        @JsonProperty("tokens_seen") long tokensSeen,
        @JsonProperty("seed") long seed,
        @JsonProperty("optimizer_step") long optimizerStep,
        @JsonProperty("files") Map<String, String> files) {
}
