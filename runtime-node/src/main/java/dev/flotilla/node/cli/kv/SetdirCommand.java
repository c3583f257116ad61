package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.SetOptions;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "setdir", mixinStandardHelpOptions = true,
        description = "Create a new directory or update an existing directory TTL.",
        footerHeading = "%nExample:%n", footer = "  flotilla kv setdir --ttl 60 /leases/web")
final class SetdirCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "key time-to-live")
    int ttl;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        client().set(key, "", SetOptions.DEFAULT.withDir(true).withTtl(ttl));
        return ExitCodes.SUCCESS;
    }
}
