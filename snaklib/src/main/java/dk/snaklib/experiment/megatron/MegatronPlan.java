package dk.snaklib.experiment.megatron;

import dk.snaklib.corpus.megatron.MegatronDtype;
import dk.snaklib.corpus.megatron.MegatronReader;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.experiment.Preset;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaTensorNames;
import dk.snaklib.model.TensorReader;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.tokenizer.SentencePieceModelFile;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Megatron-LLM path of a preset (the study's {@code paper}), as one plan: the tokenized corpus, HF -> Megatron-LLM,
 * sharding to tensor-parallel 4, the launch, HF folders back at every saved iteration, and their import. Made from a
 * local HF folder that is checked first: a folder that is not Llama-2-shaped is refused with every difference.
 *
 * <pre>{@code
 * var plan = MegatronPlan.make(new MegatronPlan.Request(Path.of("Llama-2-7b-hf"), Preset.PAPER)
 *         .withCorpus(List.of(Path.of("corpus/da.parquet"))));
 * System.out.println(plan.render());
 * plan.writeScripts(Path.of("megatron-scripts"));
 * }</pre>
 */
public record MegatronPlan(Request request, Llama2Shape shape, String tokenizerSummary, List<Step> steps,
                           List<Long> iterations, String launchScript, List<String> missing) {

    /**
     * What to plan for.
     *
     * @param hfDir          the local Hugging Face folder (Llama-2-7b-hf), checked here
     * @param preset         the hyper-parameters (Preset.PAPER)
     * @param size           Llama-2 size to expect (null: from hidden_size, else 7)
     * @param layout         the cluster paths
     * @param hfDirOnCluster where that folder is on the cluster (null: the same path)
     * @param corpus         corpus Parquet files to tokenize (empty: see tokenized)
     * @param tokenized      an existing Megatron prefix (PREFIX.bin/.idx), or null
     * @param tokenizerJson  Llama-2's tokenizer.json (null: the folder's)
     * @param tokenizerModel Llama-2's tokenizer.model (null: the folder's)
     * @param launch         launch options
     * @param runDir         where `snak megatron import` puts the imported run
     */
    public record Request(Path hfDir, Preset preset, Integer size, MegatronLayout layout, String hfDirOnCluster,
                          List<Path> corpus, Path tokenized, Path tokenizerJson, Path tokenizerModel,
                          LaunchScript.Options launch, Path runDir) {
        public Request(Path hfDir, Preset preset) {
            this(hfDir, preset, null, MegatronLayout.study(), null, List.of(), null, null, null,
                    LaunchScript.Options.study(), Path.of("runs/" + preset.name() + "-megatron"));
        }

        public Request {
            corpus = List.copyOf(corpus);
        }

        public Request withCorpus(List<Path> files) {
            return new Request(hfDir, preset, size, layout, hfDirOnCluster, files, tokenized, tokenizerJson, tokenizerModel, launch, runDir);
        }

        public Request withTokenized(Path prefix) {
            return new Request(hfDir, preset, size, layout, hfDirOnCluster, corpus, prefix, tokenizerJson, tokenizerModel, launch, runDir);
        }

        public Request withTokenizers(Path json, Path model) {
            return new Request(hfDir, preset, size, layout, hfDirOnCluster, corpus, tokenized, json, model, launch, runDir);
        }

        public Request withLayout(MegatronLayout l, String hfOnCluster) {
            return new Request(hfDir, preset, size, l, hfOnCluster, corpus, tokenized, tokenizerJson, tokenizerModel, launch, runDir);
        }

        public Request withSize(Integer s) {
            return new Request(hfDir, preset, s, layout, hfDirOnCluster, corpus, tokenized, tokenizerJson, tokenizerModel, launch, runDir);
        }

        public Request withLaunch(LaunchScript.Options o) {
            return new Request(hfDir, preset, size, layout, hfDirOnCluster, corpus, tokenized, tokenizerJson, tokenizerModel, o, runDir);
        }

        public Request withRunDir(Path r) {
            return new Request(hfDir, preset, size, layout, hfDirOnCluster, corpus, tokenized, tokenizerJson, tokenizerModel, launch, r);
        }

        String clusterHfDir() {
            return hfDirOnCluster != null ? hfDirOnCluster : hfDir.toAbsolutePath().normalize().toString();
        }
    }

    /**
     * One step: a title, where it runs and its commands, written as {@code script}.
     *
     * @param where "snak" (a SnakLab checkout) or "megatron" (the Megatron-LLM container, in its checkout)
     */
    public record Step(String title, String where, String script, List<ShellCommand> commands, String body) {}

    private static final List<String> WEIGHT_FILES = List.of("model.safetensors", "model.safetensors.index.json",
            "pytorch_model.bin", "pytorch_model.bin.index.json");

    /** Checks the folder and the tokenizers, and builds every step. */
    public static MegatronPlan make(Request r) {
        Llama2Shape.Check check = Llama2Shape.check(r.hfDir(), r.size());
        if (!check.ok()) {
            throw new BadInputException(check.configFile(), "not Llama-2-shaped (compared with " + check.closest()
                    + "): " + String.join("; ", check.differences())
                    + ". Megatron-LLM's hf_to_megatron.py llama2 converts only Llama-2 7B, 13B and 70B");
        }
        if (WEIGHT_FILES.stream().noneMatch(f -> Files.isRegularFile(r.hfDir().resolve(f)))) {
            throw new BadInputException(r.hfDir(), "no weights: expected one of " + String.join(", ", WEIGHT_FILES));
        }
        checkSafetensors(r.hfDir());
        Llama2Shape shape = check.closest();
        MegatronLayout l = r.layout();
        List<String> missing = new ArrayList<>();
        List<Step> steps = new ArrayList<>();

        // Tokenizers: tokenizer.model is what Megatron-LLM reads; tokenizer.json is what snak's export reads.
        Path model = r.tokenizerModel() != null ? r.tokenizerModel() : r.hfDir().resolve("tokenizer.model");
        Path json = r.tokenizerJson() != null ? r.tokenizerJson() : r.hfDir().resolve("tokenizer.json");
        boolean haveModel = Files.isRegularFile(model);
        boolean haveJson = Files.isRegularFile(json);
        if (r.tokenizerModel() != null && !haveModel) {
            throw new BadInputException(model, "tokenizer.model not found");
        }
        if (r.tokenizerJson() != null && !haveJson) {
            throw new BadInputException(json, "tokenizer.json not found");
        }
        StringBuilder tok = new StringBuilder();
        if (haveModel) {
            int n = SentencePieceModelFile.read(model).vocabSize();
            requireVocab(model, n, "SentencePiece pieces");
            tok.append("tokenizer.model ").append(model).append(" (").append(n).append(" pieces)");
        } else {
            missing.add("Llama-2's tokenizer.model (Megatron-LLM's --vocab_file; hf_to_megatron.py copies it from the "
                    + "folder): put it in " + r.hfDir() + " or pass --tokenizer-model FILE");
        }
        if (haveJson) {
            int n;
            try (HfTokenizer t = HfTokenizer.load(json)) {
                n = t.vocabSize();
            }
            requireVocab(json, n, "tokens");
            tok.append(tok.isEmpty() ? "" : "; ").append("tokenizer.json ").append(json).append(" (").append(n).append(" tokens)");
        }

        // 1. Data.
        List<ShellCommand> data = new ArrayList<>();
        for (Path f : r.corpus()) {
            if (!Files.isRegularFile(f)) {
                throw new BadInputException(f, "corpus file not found (give the Parquet files `snak corpus run` wrote)");
            }
        }
        List<String> corpus = r.corpus().stream().map(p -> p.toString()).toList();
        if (r.tokenized() != null) {
            String summary = describeTokenized(r.tokenized());
            data.add(ShellCommand.of("The corpus is tokenized already: " + summary + "; copy it to --data_path",
                    "cp", r.tokenized() + ".bin", l.dataPath() + ".bin"));
            data.add(ShellCommand.of("and its index", "cp", r.tokenized() + ".idx", l.dataPath() + ".idx"));
        } else if (!corpus.isEmpty() && haveJson) {
            data.add(ShellCommand.of("Make the folder", "mkdir", "-p", l.tokenizedOutputPrefix()));
            data.add(MegatronCommands.snakExport(corpus, json.toString(), l));
        } else if (!corpus.isEmpty() && haveModel) {
            data.add(ShellCommand.of("Make the folders", "mkdir", "-p", l.tokenizedOutputPrefix(), parent(l.jsonl())));
            data.add(MegatronCommands.snakJsonl(corpus, l));
        } else {
            missing.add("the corpus: --corpus FILES (Parquet from `snak corpus run`) or --tokenized PREFIX "
                    + "(from `snak export megatron`)");
        }
        if (!data.isEmpty()) {
            steps.add(step("Tokenized corpus in Megatron's indexed format", "snak", "1-data.sh", data, l));
            if (r.tokenized() == null && !haveJson) {
                steps.add(step("Tokenize with Megatron-LLM (no tokenizer.json given)", "megatron", "1b-preprocess.sh",
                        List.of(MegatronCommands.preprocessData(model.toString(), l)), l));
            }
        }

        // 2-3. Weights to Megatron-LLM, sharded.
        List<ShellCommand> convert = new ArrayList<>();
        if (haveModel && r.tokenizerModel() != null && !Files.isRegularFile(r.hfDir().resolve("tokenizer.model"))) {
            convert.add(ShellCommand.of("hf_to_megatron.py reads tokenizer.model from the folder (else it downloads "
                    + "meta-llama's)", "cp", model.toString(), r.clusterHfDir() + "/tokenizer.model"));
        }
        convert.add(MegatronCommands.hfToMegatron(shape, r.clusterHfDir(), l));
        steps.add(step("Weights: Hugging Face -> Megatron-LLM", "megatron", "2-convert.sh", convert, l));
        steps.add(step("Shard to tensor-parallel " + l.tensorParallel(), "megatron", "3-shard.sh",
                List.of(MegatronCommands.shard(l)), l));

        // 4. Launch.
        LaunchScript.Options launch = r.launch();
        String script = LaunchScript.generate(r.preset(), l, launch);
        steps.add(new Step("Launch continued pre-training (" + r.preset().train().steps() + " iterations)", "megatron",
                "4-launch.sh", List.of(), script));

        // 5. Back to Hugging Face at every saved iteration.
        List<Long> iters = MegatronCommands.savedIterations(r.preset().train().steps(), r.preset().train().checkpointEvery());
        steps.add(new Step("Back to Hugging Face at each of the " + iters.size() + " saved iterations", "megatron",
                "5-to-hf.sh", List.of(MegatronCommands.merge(iters.getFirst(), l), MegatronCommands.megatronToHf(iters.getFirst(), l)),
                backToHf(iters, l)));

        // 6. Import.
        steps.add(step("Import the Hugging Face folders for the notebooks", "snak", "6-import.sh", List.of(ShellCommand.of(
                "One checkpoint per saved iteration, step 0 = the base model; run where the exports are readable",
                "./snak", "megatron", "import", l.hfExports(), "--base", r.clusterHfDir(), "--run", r.runDir().toString())), l));

        return new MegatronPlan(r, shape, tok.toString(), List.copyOf(steps), iters, script, List.copyOf(missing));
    }

    public boolean complete() {
        return missing.isEmpty();
    }

    /** The plan as text: the check, then each step with its commands. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("Megatron-LLM plan for preset ").append(request.preset().name()).append('\n');
        b.append("checkpoint  ").append(request.hfDir()).append(": config.json matches ").append(shape).append('\n');
        b.append("tokenizers  ").append(tokenizerSummary.isEmpty() ? "(none found)" : tokenizerSummary).append('\n');
        b.append("cluster     data under ").append(request.layout().work()).append(", Megatron-LLM checkout ")
                .append(request.layout().megatronLlm()).append('\n');
        b.append("saved       ").append(iterations.size()).append(" iterations: ").append(iterations.getFirst())
                .append(", ").append(iterations.size() > 1 ? iterations.get(1) + ", ..., " + iterations.getLast() : "")
                .append('\n');
        for (String m : missing) {
            b.append("MISSING     ").append(m).append('\n');
        }
        int n = 1;
        for (Step s : steps) {
            b.append("\n").append(n++).append(". ").append(s.title()).append("  [").append(s.script()).append(", runs ")
                    .append(s.where().equals("snak") ? "in a SnakLab checkout" : "in the Megatron-LLM container").append("]\n");
            if (s.script().equals("4-launch.sh")) {
                b.append("   torchrun ... finetune.py with ").append(LaunchScript.flags(request.preset(), request.layout(),
                        request.launch()).size()).append(" flags: `snak megatron launch-script` prints it\n");
            } else if (s.script().equals("5-to-hf.sh")) {
                b.append("   for each saved iteration N (shown for N = ").append(iterations.getFirst()).append("):\n");
                for (ShellCommand c : s.commands()) {
                    b.append(indent(c.render()));
                }
            } else {
                for (ShellCommand c : s.commands()) {
                    b.append(indent(c.render()));
                }
            }
        }
        return b.toString();
    }

    /** Writes one executable script per step into {@code dir}; refuses an incomplete plan. */
    public List<Path> writeScripts(Path dir) {
        if (!complete()) {
            throw new IllegalStateException("the plan is incomplete, nothing written: " + String.join("; ", missing));
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Step s : steps) {
                Path f = dir.resolve(s.script());
                AtomicFiles.writeString(f, s.body());
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
                written.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write scripts to " + dir, e);
        }
        return written;
    }

    private static Step step(String title, String where, String script, List<ShellCommand> commands, MegatronLayout l) {
        StringBuilder b = new StringBuilder("#!/usr/bin/env bash\n# ").append(title)
                .append(" (generated by `snak megatron plan`)\nset -euo pipefail\n");
        b.append(where.equals("snak") ? "cd \"${SNAK_HOME:-.}\"\n" : "cd \"${MEGATRON_LLM:-" + l.megatronLlm() + "}\"\n");
        for (ShellCommand c : commands) {
            b.append('\n').append(c.render());
        }
        return new Step(title, where, script, List.copyOf(commands), b.toString());
    }

    /** The loop of the study's 7.model_merging.sh, over the iterations the preset saves; a finished one is skipped. */
    private static String backToHf(List<Long> iters, MegatronLayout l) {
        StringBuilder b = new StringBuilder("#!/usr/bin/env bash\n# Back to Hugging Face at every saved iteration "
                + "(generated by `snak megatron plan`); re-running skips the finished ones\nset -euo pipefail\n");
        b.append("cd \"${MEGATRON_LLM:-").append(l.megatronLlm()).append("}\"\n");
        for (long it : iters) {
            b.append("\nif [ -f ").append(ShellCommand.quote(l.hfExport(it) + "/config.json")).append(" ]; then\n")
                    .append("  echo \"iteration ").append(it).append(": already converted\"\nelse\n");
            b.append(indent(MegatronCommands.merge(it, l).render()));
            b.append(indent(MegatronCommands.megatronToHf(it, l).render()));
            b.append("fi\n");
        }
        return b.toString();
    }

    /** Tensor names and shapes from the safetensors headers (nothing loaded); pytorch_model.bin is left to transformers. */
    private static void checkSafetensors(Path dir) {
        if (!Files.isRegularFile(dir.resolve("model.safetensors")) && !Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
            return;
        }
        LlamaConfig config = LlamaConfig.read(dir.resolve("config.json"));
        Map<String, Shape> stored = new LinkedHashMap<>();
        try (TensorReader reader = HfCheckpoint.openWeights(dir)) {
            for (String name : reader.names()) {
                stored.put(name, reader.info(name).shape());
            }
        }
        LlamaTensorNames.check(config, stored, dir);
    }

    private static void requireVocab(Path file, int n, String what) {
        if (n != Llama2Shape.VOCAB) {
            throw new BadInputException(file, "has " + n + " " + what + ", Llama-2's tokenizer has " + Llama2Shape.VOCAB
                    + " (the study added no tokens: --no_new_tokens)");
        }
    }

    private static String describeTokenized(Path prefix) {
        try (MegatronReader m = new MegatronReader(prefix)) {
            if (m.dtype() != MegatronDtype.forVocabulary(Llama2Shape.VOCAB)) {
                throw new BadInputException(Path.of(prefix + ".idx"), "tokens are " + m.dtype() + ", a 32,000-token "
                        + "vocabulary is stored as " + MegatronDtype.forVocabulary(Llama2Shape.VOCAB));
            }
            return String.format("%s.bin/.idx, %,d sequences, %s", prefix, m.sequences(), m.dtype());
        }
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i > 0 ? path.substring(0, i) : ".";
    }

    private static String indent(String text) {
        return text.lines().map(s -> "   " + s).reduce("", (a, s) -> a + s + "\n");
    }
}
