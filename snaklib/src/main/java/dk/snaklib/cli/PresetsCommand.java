package dk.snaklib.cli;

import dk.snaklib.experiment.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "presets", mixinStandardHelpOptions = true, description = "The named presets (scales) and their values.",
        subcommands = {PresetsCommand.ListPresets.class, PresetsCommand.Show.class})
final class PresetsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The bundled presets, one line each.")
    static final class ListPresets implements Callable<Integer> {
        @Override
        public Integer call() {
            for (String name : Preset.NAMES) {
                Preset p = Preset.named(name);
                System.out.printf("%-6s %s%n", p.name(), p.description());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A preset's file: every value, named and commented (any value can be overridden by its flag).")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", description = "tiny, small, gpu or paper") String name;

        @Override
        public Integer call() {
            Preset.named(name); // fails on a name that is not a preset, listing the known ones
            System.out.print(Preset.yaml(name));
            return 0;
        }
    }
}
