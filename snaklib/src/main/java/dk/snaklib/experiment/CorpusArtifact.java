package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.catalog.PipelineFile;
import dk.snaklib.corpus.pipeline.CorpusPipeline;
import dk.snaklib.corpus.pipeline.PipelineResult;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.corpus.pipeline.SourceStats;
import dk.snaklib.util.AtomicFiles;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The corpus pipeline's output as an artifact ({@code corpus}): {@code corpus/SOURCE.parquet}, rejects, bad records
 * and the statistics table. Its spec is the pipeline's every setting plus each input file by its path in the project
 * and its SHA-256, so a rebuilt bundled corpus or a changed filter makes a new corpus. Not resumable: a stopped
 * pipeline restarts (it takes seconds on the bundled corpus).
 */
final class CorpusArtifact {
    static final String KIND = "corpus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CorpusArtifact() {}

    static Artifacts.Step step(Project project, Path pipelineYaml) {
        PipelineSpec pipeline = PipelineFile.load(pipelineYaml, project.catalog());
        return Artifacts.Step.of(KIND, spec(project, pipeline)).producer(work -> {
            PipelineResult r = CorpusPipeline.run(withOutput(pipeline, work.dir()), work.log());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("documents_kept", r.keptTotal());
            summary.put("sources", r.sources().size());
            Map<String, Long> kept = new LinkedHashMap<>();
            for (SourceStats s : r.sources()) {
                kept.put(s.source(), s.kept());
            }
            summary.put("kept_per_source", kept);
            return summary;
        });
    }

    /** The pipeline's settings and inputs, with paths relative to the project (the key must not depend on where it lives). */
    static ObjectNode spec(Project project, PipelineSpec p) {
        ObjectNode s = JSON.createObjectNode();
        s.put("policy", p.policy().name());
        s.put("study_rules", p.studyRules());
        s.put("line_per_document", p.linePerDocument());
        s.put("normalize", p.normalize());
        s.set("language", JSON.valueToTree(p.language()));
        s.set("quality", JSON.valueToTree(p.quality()));
        s.put("exact_dedup", p.exactDedup());
        s.set("minhash", JSON.valueToTree(p.minhash()));
        ArrayNode sources = s.putArray("sources");
        for (PipelineSpec.Source src : p.sources()) {
            ObjectNode o = sources.addObject();
            o.put("name", src.name());
            o.put("format", src.format());
            o.put("allow_empty", src.allowEmpty());
            ArrayNode files = o.putArray("files");
            for (Path f : src.inputs()) {
                files.addObject().put("path", project.relative(f)).put("sha256", FileHashes.sha256(f));
            }
        }
        return s;
    }

    static PipelineSpec withOutput(PipelineSpec p, Path out) {
        return new PipelineSpec(p.sources(), out, p.policy(), p.studyRules(), p.linePerDocument(), p.normalize(), p.language(),
                p.quality(), p.exactDedup(), p.minhash());
    }
}
