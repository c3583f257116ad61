package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Remove a key or a directory.",
        footerHeading = "%nExample:%n",
        footer = {"  flotilla kv rm /message", "  flotilla kv rm --recursive /services/web"})
final class RmCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Option(names = "--dir", description = "removes the key if it is an empty directory or a key-value pair")
    boolean dir;

    @Option(names = {"--recursive", "-r"}, description = "removes the key and all child keys(if it is a directory)")
    boolean recursive;

    @Option(names = "--with-value", paramLabel = "VALUE", description = "previous value")
    String withValue;

    @Option(names = "--with-index", paramLabel = "INDEX", description = "previous index")
    int withIndex;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        KeysResult r = client().delete(key, new DeleteOptions(withValue, withIndex, dir, recursive));
        if (!r.node().dir()) {
            printer().printResponseKey(r);
        }
        return ExitCodes.SUCCESS;
    }
}
