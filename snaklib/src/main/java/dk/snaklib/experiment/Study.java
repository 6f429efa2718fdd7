package dk.snaklib.experiment;

import dk.snaklib.catalog.Catalog;
import dk.snaklib.catalog.CatalogEntry;
import dk.snaklib.corpus.Document;
import dk.snaklib.tokenizer.TextDocuments;
import dk.snaklib.util.BadInputException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The replay of the study, one call per result, each an artifact in the project's store (computed once, then read
 * back with its lineage). This is what the notebooks call; they hold no plumbing:
 * <pre>{@code
 * var study = Study.of(preset);                  // "tiny", "small", or a preset .yaml
 * var corpus = study.corpus();                   // 01: the corpus pipeline's output
 * var base = study.basePretraining();            // 02: English base model (the stand-in for Llama-2-7B)
 * var cpt = study.continuedPretraining();        // 03: Danish continued pre-training of it
 * var ppl = study.perplexity();                  // 03: held-out Danish perplexity per source and checkpoint
 * var choice = study.templateChoice();           // 04: the continued model tuned with each template, scored
 * var curve = study.tuningAfterN();              // 05: checkpoints scored untuned and tuned, where it flattens
 * var table = study.benchmarkTable();            // 08: the study's table shape beside its published numbers
 * }</pre>
 * Each experiment's values live in its spec beside its notebook ({@code notebooks/NN-name.yaml}, read strictly); the
 * scale comes from the preset, with the per-preset overrides the spec names.
 *
 * <p>Extension points, built on other branches: instruction tuning ({@code Tuning.run}, branch {@code tune}) and
 * evaluation ({@code Evaluation.run} with bundled tasks, branch {@code eval2}) plug in the same way as the steps here:
 * a spec record read from the notebook's YAML ({@link SpecFile#read}), an {@link Artifacts.Step} whose inputs are the
 * artifacts it reads (e.g. {@code continuedPretraining().artifact()}), and {@link #artifact(Artifacts.Step)}.
 * Methods to add then: {@code leaveOneOut(source)} (06: {@link TrainingData#leaveOneOut} through {@link PretrainingArtifact});
 * weight divergence (07) reads checkpoints from {@link PretrainedModel#checkpoints()}. Instruction tuning and
 * evaluation are here: {@link #tuned(StudyModel, String)} and {@link #evaluation(StudyModel)} (artifacts
 * {@code tuning} and {@code evaluation}, settings from {@code notebooks/tuning-and-evaluation.yaml}), with
 * {@link #templateChoice()} (04), {@link #tuningAfterN()} (05) and {@link #benchmarkTable()} (08).
 */
public final class Study {
    private static volatile Project defaultProject;
    private static volatile Artifacts defaultStore;
    private static final Map<Path, Artifacts> STORES = new ConcurrentHashMap<>();

    private final Project project;
    private final Artifacts store;
    private final Preset preset;

    private Study(Project project, Artifacts store, Preset preset) {
        this.project = project;
        this.store = store;
        this.preset = preset;
    }

    /** The study at {@code preset} (a bundled name or a preset .yaml file) in this project and its store. */
    public static Study of(String preset) {
        return of(Preset.named(preset));
    }

    public static Study of(Preset preset) {
        Project p = defaultProject != null ? defaultProject : Project.find();
        Artifacts s = defaultStore != null ? defaultStore : STORES.computeIfAbsent(p.artifactsDir(), Artifacts::open);
        return new Study(p, s, preset);
    }

    public static Study of(Project project, Artifacts store, Preset preset) {
        return new Study(project, store, preset);
    }

    /**
     * Makes {@link #of(String)} use {@code project} and {@code store} until the returned handle is closed (the replay
     * does this so that notebooks run in its JVM share its store).
     */
    public static AutoCloseable useDefaults(Project project, Artifacts store) {
        Project oldP = defaultProject;
        Artifacts oldS = defaultStore;
        defaultProject = project;
        defaultStore = store;
        return () -> {
            defaultProject = oldP;
            defaultStore = oldS;
        };
    }

    /** {@code Study.of(preset).basePretraining()}. */
    public static PretrainedModel basePretraining(String preset) {
        return of(preset).basePretraining();
    }

    /** {@code Study.of(preset).continuedPretraining()}. */
    public static PretrainedModel continuedPretraining(String preset) {
        return of(preset).continuedPretraining();
    }

    public Preset preset() {
        return preset;
    }

    public Project project() {
        return project;
    }

    public Artifacts store() {
        return store;
    }

    /** Any step as an artifact of this study's store (for steps other packages define). */
    public Artifact artifact(Artifacts.Step step) {
        return store.get(step);
    }

    private Path specFile(String name) {
        return project.notebooks().resolve(name);
    }

    // ---- 01 corpus ----

    public CorpusSpec corpusSpec() {
        return CorpusSpec.read(specFile(CorpusSpec.FILE));
    }

    /** The Danish corpus: the spec's pipeline run on its sources. */
    public Corpus corpus() {
        Path spec = specFile(CorpusSpec.FILE);
        Path pipeline = spec.getParent().resolve(corpusSpec().pipeline()).normalize();
        if (!Files.isRegularFile(pipeline)) {
            throw new BadInputException(spec, "key \"pipeline\": no pipeline file " + pipeline);
        }
        return new Corpus(store.get(CorpusArtifact.step(project, pipeline)));
    }

    /** Catalog entries of {@code kind} (e.g. "pretraining-source": the study's ten sources; "bundled-source"). */
    public Table catalog(String kind) {
        List<CatalogEntry> entries = project.catalog().byKind(kind);
        return Table.create("catalog: " + kind,
                StringColumn.create("name", entries.stream().map(CatalogEntry::name).toList()),
                StringColumn.create("title", entries.stream().map(CatalogEntry::title).toList()),
                StringColumn.create("language", entries.stream().map(CatalogEntry::language).toList()),
                StringColumn.create("format", entries.stream().map(CatalogEntry::format).toList()),
                StringColumn.create("licence", entries.stream().map(CatalogEntry::licence).toList()),
                StringColumn.create("study", entries.stream().map(e -> Boolean.toString(e.study())).toList()));
    }

    /** The continued pre-training mixture over the corpus: weight, words kept and share of the mixture per source. */
    public Table mixture() {
        Corpus corpus = corpus();
        Map<String, Double> weights = continuedSpec().mixture().weights();
        Table stats = corpus.statistics();
        List<String> sources = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        List<Long> words = new ArrayList<>();
        double total = 0;
        for (int r = 0; r < stats.rowCount(); r++) {
            String s = stats.getString(r, "source");
            double weight = weights.isEmpty() ? 1.0 : weights.getOrDefault(s, 0.0);
            long n = Long.parseLong(stats.getString(r, "words").replace(",", ""));
            sources.add(s);
            w.add(weight);
            words.add(n);
            total += weight * n;
        }
        final double sum = total;
        return Table.create("continued pre-training mixture",
                StringColumn.create("source", sources),
                DoubleColumn.create("weight", w.stream().mapToDouble(Double::doubleValue).toArray()),
                LongColumn.create("words kept", words.stream().mapToLong(Long::longValue).toArray()),
                DoubleColumn.create("share of mixture", java.util.stream.IntStream.range(0, sources.size())
                        .mapToDouble(i -> Math.round(w.get(i) * words.get(i) / sum * 1000) / 1000.0).toArray()));
    }

    // ---- 02 base model ----

    public BaseModelSpec baseModelSpec() {
        return BaseModelSpec.read(specFile(BaseModelSpec.FILE));
    }

    /** The preset of the base run: this study's preset with the base spec's overrides. */
    public Preset basePreset() {
        return PresetOverrides.apply(baseModelSpec().overrides(), preset, specFile(BaseModelSpec.FILE));
    }

    private List<Path> catalogFiles(List<String> names, Path spec) {
        Catalog catalog = project.catalog();
        List<Path> files = new ArrayList<>();
        for (String n : names) {
            try {
                files.addAll(catalog.files(n, project.root()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(spec, e.getMessage(), e);
            }
        }
        return files;
    }

    /** The BPE tokenizer trained on the English base corpus. */
    public Artifact tokenizer() {
        BaseModelSpec spec = baseModelSpec();
        Preset p = basePreset();
        return store.get(TokenizerArtifact.step(project, catalogFiles(spec.englishSources(), specFile(BaseModelSpec.FILE)),
                p.vocabSize(), spec.tokenizer().minFrequency(), p.maxTextBytes()));
    }

    /** The tokenizer.json of {@link #tokenizer()}. */
    public Path tokenizerFile() {
        return tokenizer().file(TokenizerArtifact.FILE);
    }

    /** The English base model, pre-trained from scratch: the stand-in for Llama-2-7B. */
    public PretrainedModel basePretraining() {
        BaseModelSpec spec = baseModelSpec();
        Artifact tok = tokenizer();
        return new PretrainedModel(store.get(PretrainingArtifact.base(project, basePreset(),
                catalogFiles(spec.englishSources(), specFile(BaseModelSpec.FILE)), tok)));
    }

    /**
     * Fertility (tokens per word) of the base tokenizer on the spec's English and Danish text, and of each further
     * tokenizer given (e.g. Llama-2's tokenizer.json, when a user has it), as a table.
     */
    public Table fertility(Path... moreTokenizers) {
        return Fertility.table(fertilityRows(moreTokenizers));
    }

    public List<Fertility.Row> fertilityRows(Path... moreTokenizers) {
        BaseModelSpec.Fertility f = baseModelSpec().fertility();
        Path spec = specFile(BaseModelSpec.FILE);
        List<String> en = texts(catalogFiles(f.englishSources(), spec), f.documentsPerSource());
        List<String> da = texts(catalogFiles(f.danishSources(), spec), f.documentsPerSource());
        List<Fertility.Row> rows = new ArrayList<>();
        Path ours = tokenizerFile();
        rows.add(Fertility.measure("base BPE (" + preset.name() + ")", ours, "en", en));
        rows.add(Fertility.measure("base BPE (" + preset.name() + ")", ours, "da", da));
        for (Path t : moreTokenizers) {
            if (t != null) {
                rows.add(Fertility.measure(t.toString(), t, "en", en));
                rows.add(Fertility.measure(t.toString(), t, "da", da));
            }
        }
        return rows;
    }

    /** The first {@code perFile} documents of each file. */
    private static List<String> texts(List<Path> files, int perFile) {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            try (Stream<Document> docs = TextDocuments.documents(List.of(f))) {
                docs.limit(perFile).map(Document::text).forEach(out::add);
            }
        }
        return out;
    }

    // ---- 03 continued pre-training ----

    public ContinuedPretrainingSpec continuedSpec() {
        return ContinuedPretrainingSpec.read(specFile(ContinuedPretrainingSpec.FILE));
    }

    /** The preset of the continued run: this study's preset with the continued spec's overrides. */
    public Preset continuedPreset() {
        return PresetOverrides.apply(continuedSpec().overrides(), preset, specFile(ContinuedPretrainingSpec.FILE));
    }

    /** The Danish corpus split into training text and held-out text. */
    public Artifact danishSplit() {
        return store.get(HeldOutSplit.step(corpus().artifact()));
    }

    /** The base model, continued on the Danish mixture, with a checkpoint every k steps. */
    public PretrainedModel continuedPretraining() {
        ContinuedPretrainingSpec spec = continuedSpec();
        return new PretrainedModel(store.get(PretrainingArtifact.continued(continuedPreset(), spec.mixture(), danishSplit(),
                basePretraining())));
    }

    /** Held-out Danish perplexity per source at the base model (step 0) and every continued checkpoint. */
    public Perplexity perplexity() {
        ContinuedPretrainingSpec spec = continuedSpec();
        return Perplexity.of(store.get(Perplexity.step(spec.heldOut(), basePretraining(), continuedPretraining(), danishSplit())));
    }

    // ---- 06 source mixtures (leave one source out) ----

    public SourceMixturesSpec sourceMixturesSpec() {
        return SourceMixturesSpec.read(specFile(SourceMixturesSpec.FILE));
    }

    /** The preset of every run of experiment 06: this study's preset with its spec's overrides. */
    public Preset mixturePreset() {
        return PresetOverrides.apply(sourceMixturesSpec().overrides(), preset, specFile(SourceMixturesSpec.FILE));
    }

    /** The sources experiment 06 leaves out one at a time: the spec's, else every source of the Danish corpus. */
    public List<String> leftOutSources() {
        List<String> named = sourceMixturesSpec().sources();
        List<String> all = new ArrayList<>(TrainingData.Mix.corpusFiles(danishSplit().file(HeldOutSplit.TRAIN)).keySet());
        for (String s : named) {
            if (!all.contains(s)) {
                throw new BadInputException(specFile(SourceMixturesSpec.FILE), "key \"sources\": the corpus has no source \""
                        + s + "\" (it has " + all + ")");
            }
        }
        return named.isEmpty() ? all : named;
    }

    /**
     * The base model continued on the Danish mixture without {@code leftOut} (null: the full mixture), at experiment
     * 06's scale; an artifact of kind continued-pretraining like 03's, with that source's weight 0.
     */
    public PretrainedModel mixtureRun(String leftOut) {
        Map<String, Double> weights = new java.util.TreeMap<>();
        if (leftOut != null) {
            List<String> all = new ArrayList<>(TrainingData.Mix.corpusFiles(danishSplit().file(HeldOutSplit.TRAIN)).keySet());
            if (!all.contains(leftOut)) {
                throw new IllegalArgumentException("cannot leave out " + leftOut + ": the corpus has " + all);
            }
            all.forEach(s -> weights.put(s, s.equals(leftOut) ? 0.0 : 1.0));
        }
        return new PretrainedModel(store.get(PretrainingArtifact.continued(mixturePreset(),
                new ContinuedPretrainingSpec.Mixture(weights, Map.of()), danishSplit(), basePretraining())));
    }

    /** {@link #mixtureRun}'s final checkpoint scored on the bundled tasks and per-source held-out text ({@code leave-one-out}). */
    public LeaveOneOutArm leaveOneOut(String leftOut) {
        SourceMixturesSpec spec = sourceMixturesSpec();
        return LeaveOneOutArm.of(store.get(LeaveOneOutArm.step(project, leftOut, spec.evaluationFor(preset.name()), spec.heldOut(),
                mixtureRun(leftOut), danishSplit())));
    }

    /** Every arm of experiment 06: the full mixture and each source left out, compared. */
    public SourceMixtures sourceMixtures() {
        LeaveOneOutArm full = leaveOneOut(null);
        return new SourceMixtures(full, leftOutSources().stream().map(this::leaveOneOut).toList());
    }

    // ---- end of 06 ----

    // ---- 07 weight divergence ----

    public WeightDivergenceSpec divergenceSpec() {
        return WeightDivergenceSpec.read(specFile(WeightDivergenceSpec.FILE));
    }

    /** Checkpoint {@code aCheckpoint} of run {@code a} against {@code bCheckpoint} of {@code b} (paths inside the runs), as an artifact. */
    public dk.snaklib.analysis.Divergence divergence(PretrainedModel a, Path aCheckpoint, PretrainedModel b, Path bCheckpoint) {
        WeightDivergenceSpec spec = divergenceSpec();
        Artifact d = store.get(WeightDivergenceArtifact.step(a.artifact(), a.runDir().relativize(aCheckpoint).toString(),
                b.artifact(), b.runDir().relativize(bCheckpoint).toString(), spec.topK(), spec.threads()));
        return WeightDivergenceArtifact.read(d);
    }

    /** The artifact behind {@link #divergence}, for a finding's lineage. */
    public Artifact divergenceArtifact(PretrainedModel a, Path aCheckpoint, PretrainedModel b, Path bCheckpoint) {
        WeightDivergenceSpec spec = divergenceSpec();
        return store.get(WeightDivergenceArtifact.step(a.artifact(), a.runDir().relativize(aCheckpoint).toString(),
                b.artifact(), b.runDir().relativize(bCheckpoint).toString(), spec.topK(), spec.threads()));
    }

    /** The base model (its final checkpoint) against each checkpoint of the continued run, by step, oldest first. */
    public java.util.SortedMap<Long, dk.snaklib.analysis.Divergence> divergenceFromBase() {
        PretrainedModel base = basePretraining();
        PretrainedModel cpt = continuedPretraining();
        java.util.SortedMap<Long, dk.snaklib.analysis.Divergence> out = new java.util.TreeMap<>();
        for (Path ckpt : cpt.checkpoints()) {
            out.put(checkpointStep(ckpt), divergence(base, base.finalCheckpoint(), cpt, ckpt));
        }
        return out;
    }

    /** {@link #divergenceFromBase()} as the live log's rows (module and layer groups per step), for the lines over steps. */
    public List<dk.snaklib.analysis.DivergenceLog.Row> divergenceRows() {
        List<dk.snaklib.analysis.DivergenceLog.Row> rows = new ArrayList<>();
        divergenceFromBase().forEach((step, d) -> rows.addAll(dk.snaklib.analysis.DivergenceCsv.rows(step, d)));
        return rows;
    }

    /** What the continued run logged itself at each checkpoint (divergence.csv against its initial weights). */
    public List<dk.snaklib.analysis.DivergenceLog.Row> divergenceLoggedInTraining() {
        return dk.snaklib.analysis.DivergenceLog.read(continuedPretraining().runDir());
    }

    /**
     * The continued checkpoints experiment 07 instruction-tunes: every k-th counted back from the last (k from the
     * spec's {@code tuned.every_by_preset}), oldest first; the last checkpoint always.
     */
    public List<Path> tunedCheckpoints() {
        int every = divergenceSpec().tuned().every(preset.name());
        List<Path> all = continuedPretraining().checkpoints();
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if ((all.size() - 1 - i) % every == 0) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    /** Continued checkpoint {@code checkpoint} tuned with LoRA on the bundled Danish set and merged ({@code tuned-checkpoint}). */
    public Artifact tunedCheckpoint(Path checkpoint) {
        PretrainedModel cpt = continuedPretraining();
        return store.get(TunedCheckpointArtifact.step(cpt.artifact(), cpt.runDir().relativize(checkpoint).toString(),
                divergenceSpec().tuned().template(), preset.name()));
    }

    /** Each of {@link #tunedCheckpoints()} against its tuned and merged model, by step (the study's second comparison). */
    public java.util.SortedMap<Long, dk.snaklib.analysis.Divergence> divergenceFromTuned() {
        java.util.SortedMap<Long, dk.snaklib.analysis.Divergence> out = new java.util.TreeMap<>();
        for (Path ckpt : tunedCheckpoints()) {
            out.put(checkpointStep(ckpt), WeightDivergenceArtifact.read(tunedDivergenceArtifact(ckpt)));
        }
        return out;
    }

    /** The artifact behind one entry of {@link #divergenceFromTuned()}, for a finding's lineage. */
    public Artifact tunedDivergenceArtifact(Path checkpoint) {
        WeightDivergenceSpec spec = divergenceSpec();
        PretrainedModel cpt = continuedPretraining();
        return store.get(WeightDivergenceArtifact.step(cpt.artifact(), cpt.runDir().relativize(checkpoint).toString(),
                tunedCheckpoint(checkpoint), TunedCheckpointArtifact.MERGED, spec.topK(), spec.threads()));
    }

    // ---- end of 07 ----

    // ---- 04, 05, 08: instruction tuning and evaluation (artifacts "tuning" and "evaluation") ----
    // Kept together, apart from the other notebooks' methods: the settings come from the shared
    // notebooks/tuning-and-evaluation.yaml, so a model two notebooks share is one artifact.

    public TuneEvalSpec tuneEvalSpec() {
        return TuneEvalSpec.read(specFile(TuneEvalSpec.FILE));
    }

    /** The tune preset at this study preset: the one the shared spec names for it, with its overrides. */
    public TunePreset tunePreset() {
        Path file = specFile(TuneEvalSpec.FILE);
        TuneEvalSpec.Tuning t = tuneEvalSpec().tuning();
        String name = t.tunePreset(preset.name(), file);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            name = file.getParent().resolve(name).toString();
        }
        try {
            return TunePreset.named(name).with(t.overridesAt(preset.name()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "key \"tuning\" at preset " + preset.name() + ": " + e.getMessage(), e);
        }
    }

    /** The evaluation settings at this study preset (tasks, split, iterations). */
    public TuneEvalSpec.Evaluation evaluationSettings() {
        return tuneEvalSpec().evaluation().at(preset.name(), specFile(TuneEvalSpec.FILE));
    }

    /** The English base model's final checkpoint: step 0 of the study's curves. */
    public StudyModel baseModel() {
        PretrainedModel base = basePretraining();
        return new StudyModel("base", base.artifact(), base.runDir().relativize(base.finalCheckpoint()).toString(), 0, null);
    }

    /** The continued run's checkpoint at {@code step} (0: the base model). */
    public StudyModel continuedModel(long step) {
        if (step == 0) {
            return baseModel();
        }
        PretrainedModel cpt = continuedPretraining();
        for (Path c : cpt.checkpoints()) {
            if (checkpointStep(c) == step) {
                return new StudyModel("continued-" + step, cpt.artifact(), cpt.runDir().relativize(c).toString(), step, null);
            }
        }
        throw new IllegalArgumentException("the continued run kept no checkpoint at step " + step + " (kept: " + continuedSteps() + ")");
    }

    /** The continued run's final checkpoint. */
    public StudyModel continuedModel() {
        return continuedModel(checkpointStep(continuedPretraining().finalCheckpoint()));
    }

    /** 0 (the base model) and the step of every checkpoint the continued run kept. */
    public List<Long> continuedSteps() {
        List<Long> steps = new ArrayList<>(List.of(0L));
        continuedPretraining().checkpoints().forEach(c -> steps.add(checkpointStep(c)));
        return steps;
    }

    private static long checkpointStep(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().replace("step-", ""));
    }

    /** {@code model} instruction-tuned with LoRA and {@code template} on the bundled Danish pairs. */
    public TunedModel tuned(StudyModel model, String template) {
        InstructionData data = InstructionData.catalog(project.catalogDir(), project.root(), List.of(InstructionData.BUNDLED));
        InstructionData heldOut = InstructionData.catalog(project.catalogDir(), project.root(), List.of(InstructionData.BUNDLED_HELD_OUT));
        Artifact a = store.get(TunedModel.step(project, model, template, tunePreset(), data, heldOut));
        return new TunedModel(a, model, template);
    }

    /** {@code model} tuned with the shared spec's template (the released model's, CHAT). */
    public TunedModel tuned(StudyModel model) {
        return tuned(model, tuneEvalSpec().tuning().template());
    }

    /** {@code model} scored on the bundled Danish tasks with the shared evaluation settings. */
    public Evaluated evaluation(StudyModel model) {
        return Evaluated.of(model, store.get(Evaluated.step(project, model, evaluationSettings())));
    }

    /** The tuned model scored. */
    public Evaluated evaluation(TunedModel tuned) {
        return evaluation(tuned.model());
    }

    /** {@code a} against {@code b}, dataset by dataset, with paired tests on the same items. */
    public ModelComparison comparison(StudyModel a, StudyModel b) {
        return ModelComparison.of(evaluation(a), evaluation(b));
    }

    public TemplateChoiceSpec templateChoiceSpec() {
        return TemplateChoiceSpec.read(specFile(TemplateChoiceSpec.FILE));
    }

    /** 04: the continued model tuned with each template, scored, and each tested against the reference template. */
    public TemplateChoice templateChoice() {
        TemplateChoiceSpec spec = templateChoiceSpec();
        StudyModel cpt = continuedModel();
        Evaluated untuned = evaluation(cpt);
        List<TemplateChoice.Arm> arms = new ArrayList<>();
        for (String t : spec.templates()) {
            TunedModel tm = tuned(cpt, t);
            arms.add(new TemplateChoice.Arm(t, tm, evaluation(tm)));
        }
        Evaluated ref = arms.stream().filter(a -> a.template().equals(spec.reference())).findFirst().orElseThrow().evaluated();
        List<ModelComparison> vs = arms.stream().filter(a -> !a.template().equals(spec.reference()))
                .map(a -> ModelComparison.of(a.evaluated(), ref)).toList();
        return new TemplateChoice(spec, untuned, List.copyOf(arms), vs);
    }

    public TuningAfterNSpec tuningAfterNSpec() {
        return TuningAfterNSpec.read(specFile(TuningAfterNSpec.FILE));
    }

    /** 05: the study's checkpoint spacing scaled to this run; each checkpoint scored untuned and tuned. */
    public TuningCurve tuningAfterN() {
        TuningAfterNSpec spec = tuningAfterNSpec();
        List<Long> available = continuedSteps();
        List<StudySpacing.Point> chosen = StudySpacing.scaled(spec.studyStepsAt(preset.name(), specFile(TuningAfterNSpec.FILE)),
                spec.studyTotalSteps(), available, available.getLast());
        List<TuningCurve.Point> points = new ArrayList<>();
        for (StudySpacing.Point p : chosen) {
            StudyModel m = continuedModel(p.step());
            TunedModel t = tuned(m);
            points.add(new TuningCurve.Point(p.step(), p.studySteps(), evaluation(m), t, evaluation(t)));
        }
        return new TuningCurve(spec.studyTotalSteps(), List.copyOf(points));
    }

    public BenchmarkTableSpec benchmarkTableSpec() {
        return BenchmarkTableSpec.read(specFile(BenchmarkTableSpec.FILE));
    }

    /** The study's published scores named by notebook 08's spec. */
    public PublishedScores publishedScores() {
        Path file = specFile(BenchmarkTableSpec.FILE);
        return PublishedScores.read(file.getParent().resolve(benchmarkTableSpec().publishedScores()).normalize());
    }

    /** 08: base, base + instructions, continued, continued + instructions, with paired tests, beside the study's. */
    public BenchmarkTable benchmarkTable() {
        StudyModel base = baseModel();
        StudyModel cpt = continuedModel();
        TunedModel baseTuned = tuned(base);
        TunedModel cptTuned = tuned(cpt);
        List<BenchmarkTable.Row> rows = List.of(
                new BenchmarkTable.Row(BenchmarkTable.BASE, evaluation(base), null),
                new BenchmarkTable.Row(BenchmarkTable.BASE_INSTRUCTIONS, evaluation(baseTuned), baseTuned),
                new BenchmarkTable.Row(BenchmarkTable.CONTINUED, evaluation(cpt), null),
                new BenchmarkTable.Row(BenchmarkTable.CONTINUED_INSTRUCTIONS, evaluation(cptTuned), cptTuned));
        List<ModelComparison> claims = List.of(
                ModelComparison.of(rows.get(3).evaluated(), rows.get(1).evaluated()),
                ModelComparison.of(rows.get(2).evaluated(), rows.get(0).evaluated()),
                ModelComparison.of(rows.get(1).evaluated(), rows.get(0).evaluated()),
                ModelComparison.of(rows.get(3).evaluated(), rows.get(2).evaluated()));
        return new BenchmarkTable(rows, claims, publishedScores());
    }

    // ---- end of 04, 05, 08 ----

    @Override
    public String toString() {
        return "Study[preset " + preset.name() + ", project " + project.root() + ", store " + store.dir() + "]";
    }
}
