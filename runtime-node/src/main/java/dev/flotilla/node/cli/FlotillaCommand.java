package dev.flotilla.node.cli;

import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.ConfigException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.ResponseException;
import dev.flotilla.core.client.UnavailableException;
import dev.flotilla.node.cli.auth.AuthCommand;
import dev.flotilla.node.cli.auth.RoleCommand;
import dev.flotilla.node.cli.auth.UserCommand;
import dev.flotilla.node.cli.cluster.ClusterHealthCommand;
import dev.flotilla.node.cli.cluster.MemberCommand;
import dev.flotilla.node.cli.fleet.CatCommand;
import dev.flotilla.node.cli.fleet.DestroyCommand;
import dev.flotilla.node.cli.fleet.ExplainCommand;
import dev.flotilla.node.cli.fleet.JournalCommand;
import dev.flotilla.node.cli.fleet.ListMachinesCommand;
import dev.flotilla.node.cli.fleet.ListUnitFilesCommand;
import dev.flotilla.node.cli.fleet.ListUnitsCommand;
import dev.flotilla.node.cli.fleet.LoadCommand;
import dev.flotilla.node.cli.fleet.PinCommand;
import dev.flotilla.node.cli.fleet.RestartCommand;
import dev.flotilla.node.cli.fleet.StartCommand;
import dev.flotilla.node.cli.fleet.StatusCommand;
import dev.flotilla.node.cli.fleet.StopCommand;
import dev.flotilla.node.cli.fleet.SubmitCommand;
import dev.flotilla.node.cli.fleet.UnloadCommand;
import dev.flotilla.node.cli.kv.KvCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code flotilla} command: fleetctl's and etcdctl's verbs plus the node itself.
 * Each verb is its own class, registered in {@code subcommands} below. The options of {@link GlobalOptions}
 * apply to every verb.
 */
@Command(name = "flotilla",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaVersion.class,
        description = {"Flotilla: a replicated store, a cluster scheduler and their CLI.",
                "The kv verbs also answer at the top level, as etcdctl's do: flotilla set /message Hello"},
        subcommands = {
                CommandLine.HelpCommand.class,
                UpCommand.class,
                KvCommand.class,
                MemberCommand.class,
                ClusterHealthCommand.class,
                AuthCommand.class,
                UserCommand.class,
                RoleCommand.class,
                CertsCommand.class,
                CompletionCommand.class,
                CloudConfigCommand.class,
                NodeCommand.class,
                DiscoveryCommand.class,
                BenchCommand.class,
                UnitCommand.class,
                ListMachinesCommand.class,
                ListUnitsCommand.class,
                ListUnitFilesCommand.class,
                SubmitCommand.class,
                LoadCommand.class,
                StartCommand.class,
                StopCommand.class,
                UnloadCommand.class,
                DestroyCommand.class,
                RestartCommand.class,
                StatusCommand.class,
                JournalCommand.class,
                CatCommand.class,
                ExplainCommand.class,
                PinCommand.class,
        },
        footerHeading = "%nExample:%n",
        footer = {"  flotilla --endpoint http://10.0.0.1:2379,http://10.0.0.2:2379 \\",
                "      kv set /message Hello",
                "  flotilla kv get /message"})
public final class FlotillaCommand implements Runnable {

    @CommandLine.Mixin
    GlobalOptions globals = new GlobalOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with Flotilla's error handling and UTF-8 output, writing to the process's stdout/stderr. */
    public static CommandLine commandLine() {
        return commandLine(utf8(FileDescriptor.out), utf8(FileDescriptor.err));
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new FlotillaCommand());
        KvCommand.addTopLevelAliases(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(FlotillaCommand::handleFailure);
        cl.setParameterExceptionHandler(FlotillaCommand::handleUsageError);
        // etcdctl's exec-watch: options end at the key; "--" and the command's own options are arguments
        cl.getSubcommands().get("kv").getSubcommands().get("exec-watch").setStopAtPositional(true);
        cl.getSubcommands().get("exec-watch").setStopAtPositional(true);
        return cl;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    private static PrintWriter utf8(FileDescriptor fd) {
        // the JVM's default charset follows the locale, which may be ASCII; keys and values are UTF-8
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
    }

    /** Turns what a verb threw into one line on stderr and an exit status; a stack trace only with --debug. */
    static int handleFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        cl.getOut().flush();
        boolean debug = GlobalOptions.of(cl.getCommandSpec()).debug();
        int code;
        if (ex instanceof CliFailure f) {
            if (!f.getMessage().isEmpty()) {
                err.println(f.getMessage());
            }
            code = f.exitCode();
        } else if (ex instanceof EtcdException e) {
            // etcdctl's exact form, two spaces included: "Error:  100: Key not found (/foo) [12]"
            err.println("Error:  " + e.getMessage());
            code = ExitCodes.SERVER_ERROR;
        } else if (ex instanceof UnavailableException e) {
            boolean allAnswered = e.failures().stream().allMatch(UnavailableException.Failure::answered);
            err.println("Error: " + e.getMessage() + (allAnswered
                    ? "; the cluster may be electing a leader or reconfiguring: try again, or see 'flotilla cluster-health'"
                    : "; check --endpoint (or $FLOTILLA_ENDPOINT) and that a Flotilla or etcd member is running there"));
            code = allAnswered ? ExitCodes.SERVER_ERROR : ExitCodes.BAD_CONNECTION;
        } else if (ex instanceof ConfigException e) {
            err.println("Error: " + e.getMessage());
            code = ExitCodes.BAD_ARGS;
        } else if (ex instanceof ResponseException e) {
            err.println("Error: " + e.getMessage());
            code = e.status() == 401 || e.status() == 403 ? ExitCodes.BAD_AUTH : ExitCodes.SERVER_ERROR;
        } else if (ex instanceof ClientException e) {
            err.println("Error: " + e.getMessage());
            code = ExitCodes.BAD_CONNECTION;
        } else {
            err.println("Error: " + cl.getCommandName() + " failed unexpectedly: " + ex
                    + (debug ? "" : " (run again with --debug for the stack trace)"));
            code = ExitCodes.BAD_ARGS;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static int handleUsageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String verb = cl.getCommandSpec().qualifiedName();
        String msg = ex.getMessage();
        cl.getErr().println("Error: " + msg + (msg.endsWith(".") ? "" : ".") + " See '" + verb + " --help'.");
        cl.getErr().flush();
        return ExitCodes.BAD_ARGS;
    }
}
