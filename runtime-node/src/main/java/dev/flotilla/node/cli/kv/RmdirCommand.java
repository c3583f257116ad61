package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rmdir", mixinStandardHelpOptions = true,
        description = "Removes the key if it is an empty directory or a key-value pair.",
        footerHeading = "%nExample:%n", footer = "  flotilla kv rmdir /services/old")
final class RmdirCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        KeysResult r = client().delete(key, new DeleteOptions(null, 0, true, false));
        if (!r.node().dir()) {
            printer().printResponseKey(r);
        }
        return ExitCodes.SUCCESS;
    }
}
