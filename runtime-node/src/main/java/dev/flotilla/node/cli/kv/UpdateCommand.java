package dev.flotilla.node.cli.kv;

import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Update an existing key with a given value; fails if the key does not exist.",
        footerHeading = "%nExample:%n", footer = "  flotilla kv update /message Bye")
final class UpdateCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<value>")
    String value;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "key time-to-live")
    int ttl;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        String v = valueOrStdin(value);
        printer().printResponseKey(client().update(key, v, ttl));
        return ExitCodes.SUCCESS;
    }
}
