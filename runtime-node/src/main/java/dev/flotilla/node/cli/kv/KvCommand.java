package dev.flotilla.node.cli.kv;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flotilla kv}: the etcdctl v2 verbs on the cluster's key-value store. */
@Command(name = "kv",
        mixinStandardHelpOptions = true,
        description = "Read, write and watch keys in the cluster store, as etcdctl (API v2) does.",
        subcommands = {
                GetCommand.class, SetCommand.class, MkCommand.class, MkdirCommand.class, SetdirCommand.class,
                UpdateCommand.class, UpdatedirCommand.class, RmCommand.class, RmdirCommand.class, LsCommand.class,
                WatchCommand.class, ExecWatchCommand.class,
        },
        footerHeading = "%nExample:%n",
        footer = {"  flotilla kv set /message Hello", "  flotilla kv get /message", "  flotilla kv ls --recursive /"})
public final class KvCommand implements Runnable {
    /**
     * Also registers each kv verb at the top level, hidden from the verb list, so etcdctl walkthroughs work
     * verbatim with flotilla in place of etcdctl: {@code flotilla set /message Hello}.
     */
    public static void addTopLevelAliases(CommandLine root) {
        for (Object verb : new Object[] {new GetCommand(), new SetCommand(), new MkCommand(), new MkdirCommand(),
                new SetdirCommand(), new UpdateCommand(), new UpdatedirCommand(), new RmCommand(), new RmdirCommand(),
                new LsCommand(), new WatchCommand(), new ExecWatchCommand()}) {
            CommandLine sub = new CommandLine(verb);
            sub.getCommandSpec().usageMessage().hidden(true);
            root.addSubcommand(sub);
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
