package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cli.CliFailure;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "exec-watch", mixinStandardHelpOptions = true,
        description = {"Watch a key for changes and run a command on each change, until CTRL+C.",
                "The command sees ETCD_WATCH_ACTION, ETCD_WATCH_KEY, ETCD_WATCH_VALUE and ETCD_WATCH_MODIFIED_INDEX."},
        footerHeading = "%nExample:%n",
        footer = "  flotilla kv exec-watch --recursive /services -- sh -c 'echo $ETCD_WATCH_KEY changed'")
final class ExecWatchCommand extends KvVerb {
    /** Everything after the options: key, "--", command and its arguments (options stop at the key). */
    @Parameters(arity = "0..*", paramLabel = "<key> -- <command> [args...]")
    List<String> args = new ArrayList<>();

    @Option(names = "--after-index", paramLabel = "INDEX", description = "watch after the given index")
    long afterIndex;

    @Option(names = {"--recursive", "-r"}, description = "watch all values for key and child keys")
    boolean recursive;

    @Override
    public Integer call() throws Exception {
        if (args.size() < 2) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error:  key and command to exec required");
        }
        // "<key> -- <cmd...>" as etcdctl documents it; without "--" the key is the LAST argument, as etcdctl's
        // fallback has it. (etcdctl 3.4 loses the "--" unless a boolean flag precedes the key and then watches
        // the command's last word as the key; Flotilla keeps the documented meaning.)
        String key;
        List<String> command;
        int sep = args.indexOf("--");
        if (sep > 0) {
            key = args.get(0);
            command = args.subList(2, args.size());
        } else {
            key = args.get(args.size() - 1);
            command = args.subList(0, args.size() - 1);
        }
        if (command.isEmpty()) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error:  key and command to exec required");
        }
        Interrupts.exitQuietlyOnCtrlC();
        KeysClient.Watcher w = client().watcher(key, recursive, afterIndex);
        while (true) {
            KeysResult r = w.next();
            if (r.node().dir()) {
                err().print("Ignored dir " + r.node().key() + " change\n");
                err().flush();
                continue;
            }
            run(command, r);
        }
    }

    private void run(List<String> command, KeysResult r) {
        out().flush();
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("ETCD_WATCH_ACTION", r.action());
        env.put("ETCD_WATCH_MODIFIED_INDEX", Long.toString(r.node().modifiedIndex()));
        env.put("ETCD_WATCH_KEY", r.node().key());
        env.put("ETCD_WATCH_VALUE", r.node().valueOrEmpty());
        try {
            // like etcdctl, do not wait: the next change may arrive while the command still runs
            pb.start();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error: cannot run " + command.get(0) + ": " + e.getMessage());
        }
    }
}
