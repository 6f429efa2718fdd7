package dk.snaklib.cli;

import ai.djl.Device;
import dk.snaklib.model.Libtorch;

/** Maps --device to a DJL device, with a clear error when a GPU is asked for and none is there. */
final class Devices {
    private Devices() {}

    static Device parse(String name) {
        return switch (name) {
            case "cpu" -> Device.cpu();
            case "gpu", "cuda" -> {
                Libtorch lib = Libtorch.probe();
                if (lib.gpus() == 0) {
                    throw new IllegalArgumentException("--device gpu: the PyTorch engine sees no CUDA GPU. DJL looked: "
                            + lib.whereDjlLooked() + ". To fix: " + (lib.flavour().startsWith("cu")
                            ? "this libtorch is a CUDA build but no GPU is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES)"
                            : Libtorch.cudaFix()));
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("--device must be cpu or gpu, got " + name);
        };
    }
}
