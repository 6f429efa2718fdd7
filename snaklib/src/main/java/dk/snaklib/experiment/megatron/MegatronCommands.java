package dk.snaklib.experiment.megatron;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands of the Megatron-LLM path, with epfLLM/Megatron-LLM's own script names and argument spellings
 * (read at 806a833: weights_conversion/hf_to_megatron.py, tools/checkpoint_util.py with its megatron loader and
 * saver, weights_conversion/megatron_to_hf.py, tools/preprocess_data.py) and the study's values
 * (nlpnorth/snakmodel pretrain/model_training_scripts 2, 3, 5, 7). Megatron-LLM's run from its checkout.
 */
public final class MegatronCommands {
    private MegatronCommands() {}

    /** The vocabulary Megatron pads to a multiple of 128 x TP and the true size it is cut back to. */
    public static final int TRUE_VOCAB = Llama2Shape.VOCAB;

    /**
     * snaklib's own export of corpus Parquet files to {@code --data_path}: Llama-2's tokenizer.json, no BOS and,
     * as the study's preprocess_data.py had no {@code --append_eod}, no end-of-document token.
     */
    public static ShellCommand snakExport(List<String> corpusFiles, String tokenizerJson, MegatronLayout l) {
        List<String> argv = new ArrayList<>(List.of("./snak", "export", "megatron", "--corpus"));
        argv.addAll(corpusFiles);
        argv.addAll(List.of("--tokenizer", tokenizerJson, "--prefix", l.dataPath(), "--exact-prefix", "--no-eos"));
        return new ShellCommand("Tokenize the corpus into Megatron's indexed format " + l.dataPath() + ".bin/.idx\n"
                + "(Llama-2's tokenizer.json; no BOS, no end-of-document token: the study ran preprocess_data.py without --append_eod)", argv);
    }

    /** Corpus Parquet files to the {"text": ...} JSON lines preprocess_data.py reads. */
    public static ShellCommand snakJsonl(List<String> corpusFiles, MegatronLayout l) {
        List<String> argv = new ArrayList<>(List.of("./snak", "export", "jsonl", "--corpus"));
        argv.addAll(corpusFiles);
        argv.addAll(List.of("--out", l.jsonl()));
        return new ShellCommand("The corpus as one {\"text\": ...} JSON line per document, for Megatron-LLM's tokenizer", argv);
    }

    /** The study's 2.preprocess_data.sh: SentencePiece tokenizer.model, 4 workers, chunks of 64, no new tokens. */
    public static ShellCommand preprocessData(String tokenizerModel, MegatronLayout l) {
        return ShellCommand.of("Megatron-LLM tokenizes the JSON lines with Llama-2's tokenizer.model into "
                        + l.dataPath() + ".bin/.idx (as the study's 2.preprocess_data.sh)",
                "python3", "tools/preprocess_data.py", "--input=" + l.jsonl(), "--output_prefix=" + l.tokenizedOutputPrefix(),
                "--tokenizer_type=SentencePieceTokenizer", "--vocab_file=" + tokenizerModel, "--chunk_size=64",
                "--workers=4", "--no_new_tokens");
    }

    /**
     * HF -> Megatron-LLM (the study's 3.weight_conversion.sh). {@code --model-path} makes transformers read the local
     * folder (and its tokenizer.model) instead of downloading meta-llama/Llama-2-N-hf into --cache-dir, which is what
     * the study's --cache-dir alone did. The script refuses an --out that already holds release/mp_rank_00.
     */
    public static ShellCommand hfToMegatron(Llama2Shape shape, String hfDir, MegatronLayout l) {
        return ShellCommand.of("Convert the Hugging Face checkpoint to Megatron-LLM (TP 1, iteration \"release\"); "
                        + "also copies tokenizer.model to " + l.tokenizerModel(),
                "python3", "weights_conversion/hf_to_megatron.py", "llama2", "--size=" + shape.size(),
                "--out=" + l.converted(), "--model-path=" + hfDir, "--cache-dir=" + l.hfCache());
    }

    /** Shard to TP x PP 1 (the study's 5.model_sharding.sh): vocabulary padded to a multiple of 128 x TP. */
    public static ShellCommand shard(MegatronLayout l) {
        return ShellCommand.of("Shard to tensor-parallel " + l.tensorParallel() + ", pipeline-parallel 1 (the vocabulary "
                        + "is padded to a multiple of 128 x " + l.tensorParallel() + ")",
                "python3", "tools/checkpoint_util.py", "--target_tensor_parallel_size", Integer.toString(l.tensorParallel()),
                "--target_pipeline_parallel_size", "1", "--load_dir", l.converted(), "--save_dir", l.sharded(),
                "--model_type", "llama2", "--true_vocab_size", Integer.toString(TRUE_VOCAB), "--bf16");
    }

    /** One saved iteration merged back to TP 1 (the study's 7.model_merging.sh: --load_iters N). */
    public static ShellCommand merge(long iteration, MegatronLayout l) {
        return ShellCommand.of("Merge " + MegatronLayout.iterName(iteration) + " back to tensor-parallel 1",
                "python3", "tools/checkpoint_util.py", "--target_tensor_parallel_size", "1",
                "--target_pipeline_parallel_size", "1", "--load_dir", l.sharded(), "--save_dir", l.merged(iteration),
                "--model_type", "llama2", "--true_vocab_size", Integer.toString(TRUE_VOCAB),
                "--load_iters", Long.toString(iteration), "--bf16");
    }

    /**
     * TP1 Megatron -> Hugging Face folder. {@code --vocab_file} points at the local tokenizer.model so the tokenizer
     * is not fetched from the hub (without it the script downloads meta-llama/Llama-2-7b-hf's).
     */
    public static ShellCommand megatronToHf(long iteration, MegatronLayout l) {
        return ShellCommand.of("Convert iteration " + iteration + " to a Hugging Face folder",
                "python3", "weights_conversion/megatron_to_hf.py", "--input_dir=" + l.merged(iteration),
                "--output_dir=" + l.hfExport(iteration), "--model=llama2", "--vocab_file=" + l.tokenizerModel());
    }

    /** The iterations Megatron saves: every save_interval, and the last one (Megatron saves at the end too). */
    public static List<Long> savedIterations(long trainIters, long saveInterval) {
        if (saveInterval < 1 || trainIters < 1) {
            throw new IllegalArgumentException("train_iters and save_interval must be >= 1, got " + trainIters
                    + " and " + saveInterval);
        }
        List<Long> out = new ArrayList<>();
        for (long i = saveInterval; i <= trainIters; i += saveInterval) {
            out.add(i);
        }
        if (out.isEmpty() || out.getLast() != trainIters) {
            out.add(trainIters);
        }
        return List.copyOf(out);
    }
}
