package dev.flotilla.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flotilla unit ...}: verbs that work on unit files locally, without a cluster. */
@Command(name = "unit",
        description = "Work with systemd unit files locally.",
        footerHeading = "%nExample:%n",
        footer = "  flotilla unit check nginx@.service croc.service",
        mixinStandardHelpOptions = true,
        subcommands = {
                UnitCheckCommand.class,
        })
public final class UnitCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
