package dk.snaklib.tune;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.model.CrossEntropy;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.train.AdamW;
import dk.snaklib.train.CheckpointStore;
import dk.snaklib.train.MetricsLog;
import dk.snaklib.train.TrainConfig;
import dk.snaklib.train.TrainingLoop;
import dk.snaklib.train.TrainingState;
import dk.snaklib.train.TrainingStep;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.JsonFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Supervised fine-tuning (SFT) on packed instruction data, on the shared {@link TrainingLoop}: LoRA by default
 * (base frozen, only A and B in AdamW, dropout masks reseeded per step so a resume draws the same ones), or full
 * fine-tuning. The learning rate is constant (the study's {@code lr_scheduler_type constant}, no warm-up); each
 * step's loss is the mean over its loss tokens ({@link TrainingStep.Normalisation.TokenMean}). Validation is the
 * held-out answer loss ({@link AnswerLoss}). A LoRA checkpoint is a PEFT adapter folder plus the optimizer and
 * state (the base is not copied); a full one is a Hugging Face model folder. At the end the adapter and the merged
 * model (or the tuned model) are written into the run folder.
 */
public final class Tuner {
    /** Summary of a finished run, beside the checkpoints. */
    public static final String SUMMARY = "tuning.json";
    /** The held-out answer loss of the base, measured before the first step (a resume reads it back). */
    static final String BEFORE = "held-out-before.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What to tune and how.
     *
     * @param runDir        the run folder (metrics.csv, checkpoints/, adapter/, merged/)
     * @param base          the Hugging Face model folder tuned
     * @param tokenizerJson the base's tokenizer (copied into every checkpoint and output)
     * @param data          packed chunks and held-out examples
     * @param lora          the adapter's settings, or null for full fine-tuning
     * @param train         loop and optimizer settings ({@code steps} already resolved; warm-up and min_lr unused)
     * @param epochs        passes over the chunks that {@code train.steps} cover (the last step reads only what is
     *                      left); 0 when the steps were given instead (every step full, the data wrapping around)
     * @param device        where to train
     * @param resume        continue from the newest good checkpoint in {@code runDir}
     */
    public record Spec(Path runDir, Path base, Path tokenizerJson, SftData data, LoraConfig lora, TrainConfig train,
                       int epochs, Device device, boolean resume) {
        public boolean full() {
            return lora == null;
        }
    }

    /**
     * What a tuning run leaves.
     *
     * @param runDir         the run folder
     * @param adapterDir     the PEFT adapter folder (null after full fine-tuning)
     * @param mergedDir      the merged model (LoRA) or the tuned model (full) as a Hugging Face folder
     * @param lastCheckpoint the newest checkpoint
     * @param steps          optimizer steps done (the run's last step)
     * @param heldOutBefore  held-out answer loss of the base
     * @param heldOutAfter   held-out answer loss after the last step
     * @param metrics        every metrics row (val_loss is the held-out answer loss)
     * @param tokensPerSecond the last step's training throughput
     */
    public record Result(Path runDir, Path adapterDir, Path mergedDir, Path lastCheckpoint, long steps,
                         double heldOutBefore, double heldOutAfter, List<MetricsLog.Row> metrics, double tokensPerSecond) {}

    /** Test seam: sees the model (base weights, adapter attached) after the last step, before the outputs are written. */
    static volatile java.util.function.Consumer<LlamaModel> afterTraining = m -> {};

    private final Spec spec;
    private final PrintStream log;

    public Tuner(Spec spec, PrintStream log) {
        this.spec = spec;
        this.log = log;
    }

    public Result run() {
        TrainConfig tc = spec.train();
        CheckpointStore store = new CheckpointStore(spec.runDir(), log);
        Optional<Path> resumeFrom = Optional.empty();
        if (!store.list().isEmpty()) {
            if (!spec.resume()) {
                throw new IllegalArgumentException("run folder " + spec.runDir() + " already has checkpoints: "
                        + "resume it (--resume), or choose another --out");
            }
            resumeFrom = store.latestGood();
            if (resumeFrom.isEmpty()) {
                log.println("snak: no usable checkpoint in " + store.directory() + "; starting over");
            }
        }
        // full fine-tuning resumes the checkpoint's weights; LoRA the base's, with the checkpoint's adapter
        Path weightsFrom = spec.full() && resumeFrom.isPresent() ? resumeFrom.get() : spec.base();
        try (LlamaModel model = load(weightsFrom)) {
            LoraAdapter lora = null;
            Map<String, NDArray> params;
            if (spec.full()) {
                model.setTrainable(true);
                params = model.weights();
            } else {
                lora = resumeFrom.isPresent() ? PeftAdapterFiles.load(resumeFrom.get(), model).adapter()
                        : LoraAdapter.create(model, spec.lora(), tc.seed());
                lora.attach();
                lora.train(tc.seed());
                params = lora.trainableParameters();
            }
            try (LoraAdapter adapter = lora; AdamW optimizer = new AdamW(params, tc.optimizer(), model.manager())) {
                long trainable = params.values().stream().mapToLong(NDArray::size).sum();
                log.printf("snak: %s, %,d of %,d parameters trainable; %,d chunks of %d tokens, %d held-out pairs scored%n",
                        spec.full() ? "full fine-tuning" : "LoRA r " + spec.lora().r() + " on " + adapter.modules().size()
                                + " modules", trainable, model.config().parameterCount(), spec.data().chunks().size(),
                        seqLen(), spec.data().heldOut().size());
                long step = 0;
                long position = 0;
                if (resumeFrom.isPresent()) {
                    TrainingState st = CheckpointStore.readState(resumeFrom.get());
                    CheckpointStore.restoreOptimizer(resumeFrom.get(), optimizer, st.optimizerStep(), model.manager());
                    step = st.step();
                    position = st.dataPosition();
                    log.println("snak: resuming from " + resumeFrom.get() + " at step " + step + ", data position "
                            + position + (step >= tc.steps() ? " (the run is already complete)" : ""));
                }
                Path summary = spec.runDir().resolve(SUMMARY);
                if (step >= tc.steps() && Files.isRegularFile(summary)) {
                    return readSummary(summary, store);
                }
                double before = heldOutBefore(model, adapter);
                TrainingLoop.Result r = new TrainingLoop(TrainingLoop.Settings.of("tune", tc, seqLen()), model, optimizer,
                        store, spec.runDir().resolve("metrics.csv"), s -> tc.lr(), new Steps(model, adapter, optimizer, store),
                        log).run(step, position);
                return finish(model, adapter, r, before);
            }
        }
    }

    private int seqLen() {
        return spec.data().chunks().isEmpty() ? 0 : spec.data().chunks().getFirst().inputIds().length;
    }

    private LlamaModel load(Path dir) {
        try (NDManager tmp = NDManager.newBaseManager(spec.device(), "PyTorch")) {
            HfCheckpoint ckpt = HfCheckpoint.load(dir, tmp);
            return LlamaModel.fromWeights(ckpt.config(), ckpt.weights(), spec.device());
        }
    }

    /** The loop's view of this run: batches from the packed chunks, answer loss, adapter or model checkpoints. */
    private final class Steps implements TrainingLoop.Run {
        private final LlamaModel model;
        private final LoraAdapter lora;
        private final AdamW optimizer;
        private final CheckpointStore store;

        Steps(LlamaModel model, LoraAdapter lora, AdamW optimizer, CheckpointStore store) {
            this.model = model;
            this.lora = lora;
            this.optimizer = optimizer;
            this.store = store;
        }

        @Override
        public TrainingLoop.Step step(long step, long position) {
            TrainConfig tc = spec.train();
            List<PackedChunk> chunks = spec.data().chunks();
            long total = (long) chunks.size() * spec.epochs();
            int sequences = spec.epochs() > 0 ? (int) Math.min(tc.sequencesPerStep(), total - position) : tc.sequencesPerStep();
            int micro = tc.microBatch();
            int microBatches = (sequences + micro - 1) / micro;
            long tokens = 0;
            for (int i = 0; i < sequences; i++) {
                tokens += lossPositions(chunks.get(Math.floorMod(position + i, chunks.size())));
            }
            if (lora != null) {
                lora.dropoutSeed(new SplittableRandom(tc.seed() ^ step * 0x9E3779B97F4A7C15L).nextLong());
            }
            TrainingStep.Batches batches = (i, m) -> batch(m, chunks, position + (long) i * micro,
                    Math.min(micro, sequences - i * micro));
            return new TrainingLoop.Step(batches, microBatches, sequences, new TrainingStep.Normalisation.TokenMean(tokens));
        }

        @Override
        public double validationLoss(long step) {
            return heldOutLoss(model, lora);
        }

        @Override
        public Path checkpoint(TrainingState state) {
            if (lora == null) {
                return store.save(model, optimizer, spec.tokenizerJson(), state);
            }
            return store.save(dir -> {
                Files.createDirectories(dir);
                PeftAdapterFiles.save(dir, lora);
                Files.copy(spec.tokenizerJson(), dir.resolve(HfCheckpoint.TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
            }, optimizer, state);
        }
    }

    /** Steps of {@code epochs} passes over {@code chunks}, {@code perStep} sequences a step (the last may be partial). */
    public static int stepsFor(int epochs, int chunks, int perStep) {
        return Math.toIntExact(((long) epochs * chunks + perStep - 1) / perStep);
    }

    private static long lossPositions(PackedChunk c) {
        int[] t = c.nextTokenTargets();
        long n = 0;
        for (int v : t) {
            n += v == CrossEntropy.IGNORE_INDEX ? 0 : 1;
        }
        return n;
    }

    /** Inputs and next-token targets [n, seq] of chunks start..start+n-1 (wrapping around the data). */
    static NDArray[] batch(NDManager m, List<PackedChunk> chunks, long start, int n) {
        int seq = chunks.getFirst().inputIds().length;
        long[] in = new long[n * seq];
        long[] out = new long[n * seq];
        for (int b = 0; b < n; b++) {
            PackedChunk c = chunks.get(Math.floorMod(start + b, chunks.size()));
            int[] targets = c.nextTokenTargets();
            for (int t = 0; t < seq; t++) {
                in[b * seq + t] = c.inputIds()[t];
                out[b * seq + t] = targets[t];
            }
        }
        Shape shape = new Shape(n, seq);
        return new NDArray[] {EngineArrays.longs(m, in, shape), EngineArrays.longs(m, out, shape)};
    }

    /** Held-out answer loss with dropout off (the next step turns it on again with its own seed). */
    private double heldOutLoss(LlamaModel model, LoraAdapter lora) {
        if (lora != null) {
            lora.eval();
        }
        return AnswerLoss.mean(model, spec.data().heldOut(), spec.train().microBatch());
    }

    /** The base's held-out answer loss: measured once, before any step, and kept in the run folder. */
    private double heldOutBefore(LlamaModel model, LoraAdapter lora) {
        Path file = spec.runDir().resolve(BEFORE);
        if (Files.isRegularFile(file)) {
            return JsonFiles.readObject(file).path("held_out_answer_loss").asDouble(Double.NaN);
        }
        double before;
        if (lora != null) {
            lora.detach();  // the base alone (a fresh adapter adds exactly 0; a resumed one would not)
            before = AnswerLoss.mean(model, spec.data().heldOut(), spec.train().microBatch());
            lora.attach();
        } else {
            before = AnswerLoss.mean(model, spec.data().heldOut(), spec.train().microBatch());
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("held_out_answer_loss", before);
        o.put("held_out_pairs_scored", spec.data().heldOut().size());
        write(file, o);
        log.printf("snak: held-out answer loss of the base: %.4f%n", before);
        return before;
    }

    /** Writes the adapter and the merged (or tuned) model, then the summary that marks the run complete. */
    private Result finish(LlamaModel model, LoraAdapter lora, TrainingLoop.Result r, double before) {
        List<MetricsLog.Row> rows = r.metrics();
        double after = rows.isEmpty() ? Double.NaN : rows.getLast().valLoss();
        if (Double.isNaN(after)) {
            after = heldOutLoss(model, lora);
        }
        afterTraining.accept(model);
        Path adapterDir = null;
        Path mergedDir;
        if (lora != null) {
            lora.eval();
            adapterDir = spec.runDir().resolve("adapter");
            AtomicFiles.deleteTree(adapterDir);
            PeftAdapterFiles.save(adapterDir, lora);
            copyTokenizer(adapterDir);
            mergedDir = spec.runDir().resolve("merged");
            PeftAdapterFiles.saveMerged(mergedDir, lora, spec.tokenizerJson(), null);
        } else {
            mergedDir = spec.runDir().resolve("model");
            HfCheckpoint.save(mergedDir, model.config(), new LinkedHashMap<>(model.weights()), spec.tokenizerJson(), null);
        }
        long steps = rows.isEmpty() ? 0 : rows.getLast().step();
        Result result = new Result(spec.runDir(), adapterDir, mergedDir, r.lastCheckpoint(), steps, before, after, rows,
                r.tokensPerSecond());
        ObjectNode o = JSON.createObjectNode();
        o.put("steps", steps);
        o.put("held_out_answer_loss_before", before);
        o.put("held_out_answer_loss_after", after);
        o.put("held_out_pairs_scored", spec.data().heldOut().size());
        o.put("adapter", adapterDir == null ? null : adapterDir.getFileName().toString());
        o.put("merged", mergedDir.getFileName().toString());
        o.put("last_checkpoint", r.lastCheckpoint() == null ? null : spec.runDir().relativize(r.lastCheckpoint()).toString());
        o.put("tokens_per_s", r.tokensPerSecond());
        write(spec.runDir().resolve(SUMMARY), o);
        log.printf("snak: held-out answer loss %.4f -> %.4f after %d steps%n", before, after, steps);
        return result;
    }

    private Result readSummary(Path summary, CheckpointStore store) {
        ObjectNode o = JsonFiles.readObject(summary);
        List<MetricsLog.Row> rows = MetricsLog.read(spec.runDir().resolve("metrics.csv"));
        String adapter = o.path("adapter").isNull() ? null : o.path("adapter").asText();
        List<Path> checkpoints = store.list();
        log.println("snak: " + spec.runDir() + " is already complete (" + SUMMARY + ")");
        return new Result(spec.runDir(), adapter == null ? null : spec.runDir().resolve(adapter),
                spec.runDir().resolve(o.path("merged").asText()), checkpoints.isEmpty() ? null : checkpoints.getLast(),
                o.path("steps").asLong(), o.path("held_out_answer_loss_before").asDouble(),
                o.path("held_out_answer_loss_after").asDouble(), rows, o.path("tokens_per_s").asDouble());
    }

    private void copyTokenizer(Path dir) {
        try {
            Files.copy(spec.tokenizerJson(), dir.resolve(HfCheckpoint.TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the tokenizer into " + dir, e);
        }
    }

    private static void write(Path file, ObjectNode o) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.writeString(file, JSON.writeValueAsString(o) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
