package dk.snaklib.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which libtorch DJL loaded and why, for {@code snak doctor} and for the error of {@code --device gpu} without a CUDA
 * libtorch. DJL 0.36's search order (SCALEOUT.md 3): {@code PYTORCH_LIBRARY_PATH}; else a pytorch-native jar on the
 * class path (ours: pytorch-native-cpu, pinned in pom.xml), extracted to its cache; else a download (never, with
 * {@code ./snak}'s offline natives present). {@code PYTORCH_FLAVOR} forces a flavour (cu128 is DJL 0.36's only CUDA one).
 *
 * @param version       libtorch version DJL loaded (2.7.1)
 * @param dir           the folder it was loaded from
 * @param flavour       cpu, cu128, ... (from the folder: a libtorch_cuda.so or DJL's cache name)
 * @param gpus          CUDA devices the engine sees
 * @param cudaRuntime   the CUDA runtime version JNA found (e.g. "12080"), or null when there is no libcudart
 * @param libraryPath   PYTORCH_LIBRARY_PATH as set, or null
 * @param flavourForced PYTORCH_FLAVOR as set, or null
 * @param cacheDir      DJL's engine cache (where a class-path jar is extracted)
 */
public record Libtorch(String version, Path dir, String flavour, int gpus, String cudaRuntime, String libraryPath,
                       String flavourForced, Path cacheDir) {

    private static final Pattern CACHE_NAME = Pattern.compile(".*-(cpu|cu\\d+)(?:-precxx11)?-linux-.*");

    /** Loads the engine (if not yet) and reports what it loaded. */
    public static Libtorch probe() {
        Engine engine = Engine.getEngine("PyTorch");
        Path dir = Path.of(LibUtils.getLibtorchPath()).toAbsolutePath();
        String cuda = CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null;
        return new Libtorch(LibUtils.getVersion(), dir, flavourOf(dir), engine.getGpuCount(), cuda,
                Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH"), Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR"),
                Utils.getEngineCacheDir("pytorch"));
    }

    static String flavourOf(Path dir) {
        if (Files.exists(dir.resolve("libtorch_cuda.so"))) {
            Matcher m = CACHE_NAME.matcher(dir.getFileName() == null ? "" : dir.getFileName().toString());
            return m.matches() && m.group(1).startsWith("cu") ? m.group(1) : "cuda";
        }
        Matcher m = CACHE_NAME.matcher(dir.getFileName() == null ? "" : dir.getFileName().toString());
        return m.matches() ? m.group(1) : "cpu";
    }

    /** Where DJL looked, one clause each, for error messages. */
    public String whereDjlLooked() {
        return "PYTORCH_LIBRARY_PATH " + (libraryPath == null ? "is not set" : "= " + libraryPath)
                + "; PYTORCH_FLAVOR " + (flavourForced == null ? "is not set" : "= " + flavourForced)
                + "; CUDA runtime (libcudart via JNA): " + (cudaRuntime == null ? "not found" : cudaRuntime)
                + "; loaded libtorch " + version + " (" + flavour + ") from " + dir
                + (libraryPath == null ? " (extracted from the pytorch-native-cpu jar into DJL's cache " + cacheDir + ")" : "");
    }

    /** What to set for a CUDA libtorch (environments/cuda/README.md). */
    public static String cudaFix() {
        return "unpack libtorch 2.7.1+cu128 (the official cxx11-ABI zip; CUDA >= 12.8 driver) and set "
                + "PYTORCH_LIBRARY_PATH=/path/to/libtorch/lib PYTORCH_FLAVOR=cu128, or SNAK_ENV=cuda LIBTORCH=/path/to/libtorch "
                + "./snak ... (environments/cuda/README.md)";
    }
}
