package dk.snaklib.experiment.megatron;

/**
 * Where the Megatron-LLM path keeps its files on the cluster, named as the study's scripts named them
 * (nlpnorth/snakmodel pretrain/model_training_scripts, under its /mpt/Megatron-LLM): cluster paths, written into
 * the generated scripts, never touched by the machine that generates them.
 *
 * @param work        the data root (the study's /mpt/Megatron-LLM)
 * @param megatronLlm the epfLLM/Megatron-LLM checkout the scripts run in (the study's /mpt/Megatron-LLM/Megatron-LLM)
 * @param tensorParallel tensor-parallel size of the sharded checkpoint (the study's 4)
 */
public record MegatronLayout(String work, String megatronLlm, int tensorParallel) {
    public static final String STUDY_WORK = "/mpt/Megatron-LLM";
    public static final String STUDY_CHECKOUT = "/mpt/Megatron-LLM/Megatron-LLM";

    public MegatronLayout {
        work = trimSlash(work);
        megatronLlm = trimSlash(megatronLlm);
        if (tensorParallel < 1) {
            throw new IllegalArgumentException("tensor-parallel size must be >= 1, got " + tensorParallel);
        }
    }

    public static MegatronLayout study() {
        return new MegatronLayout(STUDY_WORK, STUDY_CHECKOUT, 4);
    }

    /** hf_to_megatron.py --out: the TP1 "release" checkpoint and its copy of tokenizer.model. */
    public String converted() {
        return work + "/megatron/weights";
    }

    /** The --vocab_file of training: the tokenizer.model hf_to_megatron.py copied beside the weights. */
    public String tokenizerModel() {
        return converted() + "/tokenizer.model";
    }

    /** checkpoint_util.py --save_dir of the sharding, and training's --load/--save. */
    public String sharded() {
        return work + "/sharded_" + tensorParallel + "/weights";
    }

    public String tensorboard() {
        return sharded() + "/tensorboard";
    }

    /** preprocess_data.py --output_prefix (a folder with a trailing slash, as in the study). */
    public String tokenizedOutputPrefix() {
        return work + "/tokenized/";
    }

    /** --data_path: what preprocess_data.py makes of that prefix ({prefix}_text_document), without .bin/.idx. */
    public String dataPath() {
        return tokenizedOutputPrefix() + "_text_document";
    }

    /** The JSON-lines corpus preprocess_data.py reads (only when it tokenizes; snak export writes .bin/.idx itself). */
    public String jsonl() {
        return work + "/_pretraining_data/danish_pretraining_data.jsonl";
    }

    /** checkpoint_util.py --save_dir when one saved iteration is merged back to TP1. */
    public String merged(long iteration) {
        return work + "/checkpoints/merged/" + iterName(iteration) + "/weights";
    }

    /** megatron_to_hf.py --output_dir for one saved iteration (the study's name: checkpoint_N). */
    public String hfExport(long iteration) {
        return hfExports() + "/checkpoint_" + iteration;
    }

    public String hfExports() {
        return work + "/hf_model_exports";
    }

    /** The Hugging Face cache hf_to_megatron.py and megatron_to_hf.py may use (nothing is downloaded when local). */
    public String hfCache() {
        return work + "/hf-cache";
    }

    /** Megatron's checkpoint folder name: iter_{:07d}. */
    public static String iterName(long iteration) {
        return String.format("iter_%07d", iteration);
    }

    private static String trimSlash(String p) {
        if (p == null || p.isBlank()) {
            throw new IllegalArgumentException("a Megatron-LLM path must not be empty");
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
