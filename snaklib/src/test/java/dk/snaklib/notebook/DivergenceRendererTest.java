package dk.snaklib.notebook;

import dk.snaklib.analysis.Divergence;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Divergence as a notebook cell's value: the module and layer tables, and the CLI's summary as text. */
class DivergenceRendererTest {
    @Test
    void showsTheModuleAndLayerTables() throws Exception {
        Divergence d = Divergence.between(Path.of(getClass().getResource("/golden/divergence/a").toURI()),
                Path.of(getClass().getResource("/golden/divergence/b").toURI()));
        DisplayData out = TrainingRenderersTest.renderer().render(d);
        String html = TrainingRenderersTest.html(out);
        assertTrue(html.contains("<td>UP</td>") && html.contains("<td>LMH</td>") && html.contains("<td>layer_1</td>"), html);
        assertTrue(TrainingRenderersTest.text(out).contains("mean angle (deg)"));
    }
}
