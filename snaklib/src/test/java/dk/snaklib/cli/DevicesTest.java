package dk.snaklib.cli;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DevicesTest {
    @Test
    void gpuWithoutCudaLibtorchSaysWhereDjlLookedAndWhatToSet() {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        String m = assertThrows(IllegalArgumentException.class, () -> Devices.parse("gpu")).getMessage();
        assertTrue(m.contains("PYTORCH_LIBRARY_PATH") && m.contains("PYTORCH_FLAVOR"), m);
        assertTrue(m.contains("loaded libtorch 2.7.1 (cpu)"), m);
        assertTrue(m.contains("PYTORCH_FLAVOR=cu128") && m.contains("environments/cuda/README.md"), m);
        assertEquals(1, SnakCli.run("doctor", "--device", "gpu"));
    }

    @Test
    void unknownDevice() {
        assertThrows(IllegalArgumentException.class, () -> Devices.parse("tpu"));
    }
}
