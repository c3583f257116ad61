package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.SetOptions;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "updatedir", mixinStandardHelpOptions = true,
        description = "Update an existing directory (its TTL); fails if it does not exist.",
        footerHeading = "%nExample:%n", footer = "  flotilla kv updatedir --ttl 120 /leases/web")
final class UpdatedirCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "key time-to-live")
    int ttl;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        client().set(key, "", SetOptions.DEFAULT.withDir(true).withPrevExist(true).withTtl(ttl));
        return ExitCodes.SUCCESS;
    }
}
