package dk.snaklib.spark;

import dk.snaklib.corpus.BadRecord;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.corpus.ReadLog;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.pipeline.CorpusPipeline;
import dk.snaklib.corpus.pipeline.GopherQualityFilter;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.corpus.pipeline.Step;
import dk.snaklib.corpus.pipeline.StepChain;
import dk.snaklib.corpus.read.Readers;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * One Spark task per input file: snaklib's reader for the file's format, then snaklib's per-document steps (study
 * rules, normalise, language ID, quality) through a {@link StepChain}, exactly as a local run chains them. Pulled
 * one document at a time, so a task holds one document's results, not the file's. Ends with the file's summary.
 */
final class ReadTask implements FlatMapFunction<ReadTask.FileInput, TaskRecord> {
    private static final long serialVersionUID = 1L;

    /** One input file: its source's index and name, its format, its index within the source, its path. */
    record FileInput(int source, String sourceName, String format, int file, String path) implements Serializable {}

    /** The settings of the per-document steps (a spec's step switches, without its paths). */
    record StepSettings(ErrorPolicy policy, boolean studyRules, boolean linePerDocument, boolean normalize,
            PipelineSpec.Language language, GopherQualityFilter.Config quality) implements Serializable {
        static StepSettings of(PipelineSpec spec) {
            return new StepSettings(spec.policy(), spec.studyRules(), spec.linePerDocument(), spec.normalize(), spec.language(),
                    spec.quality());
        }

        List<Step> steps() {
            return CorpusPipeline.perDocumentSteps(new PipelineSpec(List.of(), Path.of("."), policy, studyRules,
                    linePerDocument, normalize, language, quality, false, null));
        }
    }

    private final StepSettings settings;

    ReadTask(StepSettings settings) {
        this.settings = settings;
    }

    @Override
    public Iterator<TaskRecord> call(FileInput in) {
        ReadLog log = new ReadLog();
        ReadOptions options = new ReadOptions(in.sourceName(), settings.policy(), ReadOptions.DEFAULT_MAX_LINE_BYTES, log);
        StepChain chain = new StepChain(settings.steps());
        ArrayDeque<TaskRecord> queue = new ArrayDeque<>();
        long[] event = {0};
        Step.Output head = chain.head(new StepChain.Sink() {
            @Override
            public void keep(Document d) {
                queue.add(TaskRecord.kept(Positions.of(in.source(), in.file(), event[0]++), d));
            }

            @Override
            public void reject(Document d, String step, String reason) {
                queue.add(TaskRecord.rejected(Positions.of(in.source(), in.file(), event[0]++), d, step, reason));
            }
        });
        Stream<Document> docs = Readers.forFormat(in.format()).read(Path.of(in.path()), options);
        Iterator<Document> it = docs.iterator();
        return new Iterator<>() {
            private boolean summarised;

            @Override
            public boolean hasNext() {
                while (queue.isEmpty() && !summarised) {
                    if (it.hasNext()) {
                        head.keep(it.next());
                    } else {
                        docs.close();
                        summarised = true;
                        List<String[]> bad = log.badRecords().stream().map(ReadTask::strings).toList();
                        queue.add(TaskRecord.summary(Positions.of(in.source(), in.file(), 0), new TaskRecord.FileSummary(
                                in.source(), in.file(), log.documents(), log.badCount(), bad, chain.counters())));
                    }
                }
                return !queue.isEmpty();
            }

            @Override
            public TaskRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return queue.poll();
            }
        };
    }

    private static String[] strings(BadRecord r) {
        return new String[] {String.valueOf(r.file()), r.where(), r.problem(), r.excerpt()};
    }
}
