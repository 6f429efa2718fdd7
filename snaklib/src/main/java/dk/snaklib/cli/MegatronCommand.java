package dk.snaklib.cli;

import dk.snaklib.experiment.Preset;
import dk.snaklib.experiment.megatron.LaunchScript;
import dk.snaklib.experiment.megatron.MegatronImport;
import dk.snaklib.experiment.megatron.MegatronLayout;
import dk.snaklib.experiment.megatron.MegatronPlan;
import dk.snaklib.util.AtomicFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code snak megatron plan|launch-script|import}: the Megatron-LLM path of a preset (docs/megatron.md). */
@Command(name = "megatron", mixinStandardHelpOptions = true,
        description = "Continued pre-training at 7B on Megatron-LLM: plan, launch script, import of the HF checkpoints.",
        subcommands = {MegatronCommand.Plan.class, MegatronCommand.Launch.class, MegatronCommand.Import.class})
final class MegatronCommand {

    /** Where things are on the cluster and which launch; shared by plan and launch-script. */
    static final class Cluster {
        @Option(names = "--preset", defaultValue = "paper", description = "preset name or .yaml file (default: ${DEFAULT-VALUE})")
        String preset;
        @Option(names = "--work", defaultValue = MegatronLayout.STUDY_WORK,
                description = "data root on the cluster (default: ${DEFAULT-VALUE}, the study's)") String work;
        @Option(names = "--megatron-llm", defaultValue = MegatronLayout.STUDY_CHECKOUT,
                description = "Megatron-LLM checkout on the cluster (default: ${DEFAULT-VALUE})") String checkout;
        @Option(names = "--tp", defaultValue = "4", description = "tensor-parallel size (default: ${DEFAULT-VALUE})") int tp;
        @Option(names = "--gpus", defaultValue = "4", description = "GPUs on the node (default: ${DEFAULT-VALUE})") int gpus;
        @Option(names = "--no-guide-args", description = "leave out LLAMA_ARGS/COMMON_ARGS, as if unset in the study's run")
        boolean noGuideArgs;
        @Mixin TrainOverrides overrides;

        Preset preset() {
            return overrides.apply(Preset.named(preset));
        }

        MegatronLayout layout() {
            return new MegatronLayout(work, checkout, tp);
        }

        LaunchScript.Options launch() {
            LaunchScript.Options s = LaunchScript.Options.study();
            return new LaunchScript.Options(gpus, s.masterPort(), !noGuideArgs, s.rmsNormEps());
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Check that a Hugging Face folder is Llama-2-shaped and print the Megatron-LLM plan: data, "
                    + "conversion, sharding, launch, conversion back at every saved iteration, import.")
    static final class Plan implements Callable<Integer> {
        @Parameters(index = "0", description = "the Hugging Face checkpoint folder (e.g. Llama-2-7b-hf)") Path hf;
        @Option(names = "--size", description = "Llama-2 size to expect: 7, 13 or 70 (default: from hidden_size)") Integer size;
        @Option(names = "--hf-on-cluster", description = "where that folder is on the cluster (default: the same path)")
        String hfOnCluster;
        @Option(names = "--corpus", arity = "1..*", description = "corpus Parquet files (from snak corpus run)") List<Path> corpus;
        @Option(names = "--tokenized", description = "an existing Megatron prefix PREFIX.bin/.idx (from snak export megatron)")
        Path tokenized;
        @Option(names = "--tokenizer", description = "Llama-2's tokenizer.json (default: the folder's)") Path tokenizerJson;
        @Option(names = "--tokenizer-model", description = "Llama-2's tokenizer.model (default: the folder's)") Path tokenizerModel;
        @Option(names = "--run", description = "run folder the import makes (default: runs/PRESET-megatron)") Path run;
        @Option(names = "--write", description = "also write the scripts (1-data.sh ... 6-import.sh) into this folder")
        Path write;
        @Mixin Cluster cluster;

        @Override
        public Integer call() {
            Preset p = cluster.preset();
            MegatronPlan.Request r = new MegatronPlan.Request(hf, p).withSize(size)
                    .withLayout(cluster.layout(), hfOnCluster).withCorpus(corpus == null ? List.of() : corpus)
                    .withTokenized(tokenized).withTokenizers(tokenizerJson, tokenizerModel).withLaunch(cluster.launch());
            if (run != null) {
                r = r.withRunDir(run);
            }
            MegatronPlan plan = MegatronPlan.make(r);
            System.out.print(plan.render());
            if (write != null) {
                for (Path f : plan.writeScripts(write)) {
                    System.out.println("wrote " + f);
                }
            }
            return plan.complete() ? 0 : 1;
        }
    }

    @Command(name = "launch-script", mixinStandardHelpOptions = true,
            description = "The torchrun launch of Megatron-LLM's finetune.py with every hyper-parameter of the preset.")
    static final class Launch implements Callable<Integer> {
        @Option(names = "--out", description = "write it here (executable) instead of printing it") Path out;
        @Mixin Cluster cluster;

        @Override
        public Integer call() throws Exception {
            String script = LaunchScript.generate(cluster.preset(), cluster.layout(), cluster.launch());
            if (out == null) {
                System.out.print(script);
            } else {
                AtomicFiles.writeString(out, script);
                java.nio.file.Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                System.out.println("wrote " + out);
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Check the Hugging Face folders megatron_to_hf.py wrote (one per saved iteration) and lay them "
                    + "out as RUN/checkpoints/step-NNNNNNNN (links) for the notebooks.")
    static final class Import implements Callable<Integer> {
        @Parameters(arity = "1..*", description = "HF folders named checkpoint_N / iter_N / step-N, N=DIR, or a folder of them")
        List<String> sources;
        @Option(names = "--base", description = "the base model (Llama-2-7b-hf), imported as step 0") Path base;
        @Option(names = "--run", required = true, description = "run folder to lay the checkpoints out in") Path run;

        @Override
        public Integer call() {
            List<MegatronImport.Checkpoint> found = MegatronImport.scan(sources, base);
            List<Path> links = MegatronImport.link(found, run);
            for (int i = 0; i < found.size(); i++) {
                System.out.printf("step %,8d  %s -> %s%n", found.get(i).iteration(), links.get(i), found.get(i).dir());
            }
            System.out.printf("%d checkpoints in %s (%s)%n", found.size(), run.resolve("checkpoints"), MegatronImport.MANIFEST);
            return 0;
        }
    }
}
