package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.KeysClient;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mk", mixinStandardHelpOptions = true,
        description = {"Make a new key with a given value; fails if the key exists.",
                "With --in-order, <key> is a directory and the new key under it is named after the store index."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla kv mk /config/port 8080", "  flotilla kv mk --in-order /queue job-1"})
final class MkCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<value>")
    String value;

    @Option(names = "--in-order", description = "create in-order key under directory <key>")
    boolean inOrder;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "key time-to-live")
    int ttl;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        String v = valueOrStdin(value);
        KeysClient c = client();
        printer().printResponseKey(inOrder ? c.createInOrder(key, v, ttl) : c.create(key, v, ttl));
        return ExitCodes.SUCCESS;
    }
}
