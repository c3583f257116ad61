package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.SetOptions;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Set the value of a key.", "",
                "Without <value>, the value is read from stdin. A value that begins with '-' needs '--' first:",
                "  flotilla kv set -- <key> <value>"},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla kv set /message Hello", "  flotilla kv set --ttl 30 --swap-with-value Hello /message Bye"})
final class SetCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<value>")
    String value;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "key time-to-live")
    int ttl;

    @Option(names = "--swap-with-value", paramLabel = "VALUE", description = "previous value")
    String swapWithValue;

    @Option(names = "--swap-with-index", paramLabel = "INDEX", description = "previous index")
    int swapWithIndex;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        String v = valueOrStdin(value);
        printer().printResponseKey(client().set(key, v, SetOptions.DEFAULT
                .withTtl(ttl).withPrevValue(swapWithValue).withPrevIndex(swapWithIndex)));
        return ExitCodes.SUCCESS;
    }
}
