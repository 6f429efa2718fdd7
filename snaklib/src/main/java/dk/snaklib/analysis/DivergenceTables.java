package dk.snaklib.analysis;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@link Divergence} as Tablesaw tables, which notebooks show and save ({@code table.write().csv(...)}). */
final class DivergenceTables {
    private DivergenceTables() {}

    static Table tensors(Divergence d) {
        List<TensorDivergence> rows = d.tensors();
        return Table.create(d.name(),
                StringColumn.create("tensor", rows.stream().map(TensorDivergence::name).toList()),
                IntColumn.create("layer", rows.stream().mapToInt(TensorDivergence::layer).toArray()),
                StringColumn.create("module", rows.stream().map(t -> t.module().name()).toList()),
                StringColumn.create("shape", rows.stream().map(TensorDivergence::shapeText).toList()),
                DoubleColumn.create("mean_abs_delta", rows.stream().mapToDouble(TensorDivergence::meanAbsDelta).toArray()),
                DoubleColumn.create("mean_angle_deg", rows.stream().mapToDouble(TensorDivergence::meanAngleDegrees).toArray()),
                IntColumn.create("angles", rows.stream().mapToInt(TensorDivergence::angles).toArray()),
                IntColumn.create("rank_a", rows.stream().mapToInt(TensorDivergence::rankA).toArray()),
                IntColumn.create("rank_b", rows.stream().mapToInt(TensorDivergence::rankB).toArray()));
    }

    static Table groups(String name, List<DivergenceGroup> groups) {
        return Table.create(name,
                StringColumn.create("group", groups.stream().map(DivergenceGroup::label).toList()),
                StringColumn.create("study_key", groups.stream().map(DivergenceGroup::key).toList()),
                IntColumn.create("tensors", groups.stream().mapToInt(DivergenceGroup::tensors).toArray()),
                DoubleColumn.create("mean_abs_delta", groups.stream().mapToDouble(DivergenceGroup::meanAbsDelta).toArray()),
                DoubleColumn.create("sum_angle_deg", groups.stream().mapToDouble(DivergenceGroup::sumAngleDegrees).toArray()),
                DoubleColumn.create("mean_angle_deg", groups.stream().mapToDouble(DivergenceGroup::meanAngleDegrees).toArray()),
                DoubleColumn.create("std_angle_deg", groups.stream().mapToDouble(DivergenceGroup::stdAngleDegrees).toArray()));
    }
}
