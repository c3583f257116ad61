package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch a key for changes: wait for the next change and print the new value.",
                "With --recursive each change is preceded by a line '[action] key'."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla kv watch /message", "  flotilla kv watch --forever --recursive /services"})
final class WatchCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Option(names = {"--forever", "-f"}, description = "forever watch a key until CTRL+C")
    boolean forever;

    @Option(names = "--after-index", paramLabel = "INDEX", description = "watch after the given index")
    long afterIndex;

    @Option(names = {"--recursive", "-r"}, description = "returns all values for key and child keys")
    boolean recursive;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        Interrupts.exitQuietlyOnCtrlC();
        KeysClient.Watcher w = client().watcher(key, recursive, afterIndex);
        EtcdctlPrinter p = printer();
        while (true) {
            KeysResult r = w.next();
            if (r.node().dir()) {
                continue;
            }
            if (recursive) {
                p.line("[" + r.action() + "] " + r.node().key());
            }
            p.printResponseKey(r);
            if (!forever) {
                return ExitCodes.SUCCESS;
            }
        }
    }
}
