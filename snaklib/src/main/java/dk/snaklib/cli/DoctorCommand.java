package dk.snaklib.cli;

import dk.snaklib.doctor.Doctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code snak doctor}: what this machine has for SnakLab, what is missing and the fix (docs/environments.md). */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Report engine, libtorch, devices, threads, memory, JDK, Maven, Jupyter, Chromium, Spark; "
                + "exit 1 if something required is missing.")
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu: with gpu, a CUDA device is required")
    String device;

    @Override
    public Integer call() {
        if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("cuda")) {
            throw new IllegalArgumentException("--device must be cpu or gpu, got " + device);
        }
        Doctor.Report r = Doctor.run(Doctor.Options.defaults().withGpu(!device.equals("cpu")));
        System.out.print(r.render());
        return r.ok() ? 0 : 1;
    }
}
