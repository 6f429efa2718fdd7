package dk.snaklib.doctor;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DoctorTest {
    private static Map<String, Check> byName(Doctor.Report r) {
        return r.checks().stream().collect(Collectors.toMap(Check::name, Function.identity(), (a, b) -> a));
    }

    @Test
    void reportsTheEngineThisBuildLoads() {
        Doctor.Report r = Doctor.run(new Doctor.Options(Path.of("..").toAbsolutePath().normalize(), false, "snaklib"));
        Map<String, Check> c = byName(r);
        assertEquals(Check.Status.OK, c.get("JDK").status());
        assertEquals(Check.Status.OK, c.get("engine").status());
        assertTrue(c.get("libtorch").value().startsWith("2.7.1, flavour "), c.get("libtorch").value());
        assertTrue(c.get("threads").value().contains(Runtime.getRuntime().availableProcessors() + " processors"));
        assertTrue(c.containsKey("OMP_WAIT_POLICY") && c.containsKey("memory") && c.containsKey("Spark module")
                && c.containsKey("Jupyter") && c.containsKey("Chromium"), c.keySet().toString());
        assertTrue(r.render().contains("SnakLab can run here"), r.render());
        assertTrue(r.ok(), r.render());
    }

    @Test
    void aGpuRunWithoutCudaSaysWhereDjlLookedAndWhatToSet() {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        Doctor.Report r = Doctor.run(new Doctor.Options(Path.of(".."), true, "snaklib"));
        Check d = byName(r).get("devices");
        assertEquals(Check.Status.MISSING, d.status());
        assertTrue(d.required());
        assertTrue(d.value().contains("PYTORCH_LIBRARY_PATH") && d.value().contains("loaded libtorch 2.7.1"), d.value());
        assertTrue(d.fix().contains("PYTORCH_FLAVOR=cu128"), d.fix());
        assertFalse(r.ok());
    }

    @Test
    void aMissingToolHasItsFix() {
        Check spark = byName(Doctor.run(new Doctor.Options(Path.of("/nonexistent"), false, "no-such-kernel"))).get("Spark module");
        assertEquals(Check.Status.INFO, spark.status());
        Check k = byName(Doctor.run(new Doctor.Options(Path.of(".."), false, "no-such-kernel"))).get("jupyter kernel");
        if (k != null) { // Jupyter installed: the kernel named is not
            assertEquals(Check.Status.MISSING, k.status());
            assertTrue(k.fix().contains("./snak kernel install"), k.fix());
        }
    }
}
