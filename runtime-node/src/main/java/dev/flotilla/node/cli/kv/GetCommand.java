package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.GetOptions;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cli.CliFailure;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Retrieve the value of a key.",
        footerHeading = "%nExample:%n", footer = "  flotilla kv get /message")
final class GetCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>")
    String key;

    @Option(names = "--sort", description = "returns result in sorted order")
    boolean sort;

    @Option(names = {"--quorum", "-q"}, description = "require quorum for get request")
    boolean quorum;

    @Override
    public Integer call() throws Exception {
        requireKey(key);
        KeysResult r = client().get(key, new GetOptions(false, sort, quorum));
        if (r.node().dir()) {
            throw new CliFailure(ExitCodes.BAD_ARGS, r.node().key() + ": is a directory");
        }
        printer().printResponseKey(r);
        return ExitCodes.SUCCESS;
    }
}
