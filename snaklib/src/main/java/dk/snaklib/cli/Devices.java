package dk.snaklib.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Maps --device to a DJL device, with a clear error when a GPU is asked for and none is there. */
final class Devices {
    private Devices() {}

    static Device parse(String name) {
        return switch (name) {
            case "cpu" -> Device.cpu();
            case "gpu", "cuda" -> {
                int n = Engine.getEngine("PyTorch").getGpuCount();
                if (n == 0) {
                    throw new IllegalArgumentException("--device gpu: the PyTorch engine sees no CUDA GPU "
                            + "(a CUDA libtorch is needed: see environments/cuda/README.md)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("--device must be cpu or gpu, got " + name);
        };
    }
}
