package dev.flotilla.node.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a shell completion script generated from the command tree, so it never falls behind the verbs. */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print a shell completion script for flotilla (bash; zsh loads it through bashcompinit).",
        footerHeading = "%nExample:%n",
        footer = {"  source <(flotilla completion bash)",
                "  flotilla completion bash > /etc/bash_completion.d/flotilla"})
public final class CompletionCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error: no completion for shell '" + shell
                    + "'; choose bash or zsh");
        }
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash(root.getCommandName(), root);
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
