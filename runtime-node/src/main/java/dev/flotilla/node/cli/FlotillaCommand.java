package dev.flotilla.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flotilla} command: fleetctl's and etcdctl's verbs plus the node itself.
 * Each verb is its own class, registered in {@code subcommands} below.
 */
@Command(name = "flotilla",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaVersion.class,
        description = "Flotilla: a replicated store, a cluster scheduler and their CLI.",
        subcommands = {
                CommandLine.HelpCommand.class,
                UnitCommand.class,
        })
public final class FlotillaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new FlotillaCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
