package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.GetOptions;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Retrieve a directory: the names of its keys, one a line.",
        footerHeading = "%nExample:%n",
        footer = {"  flotilla kv ls /", "  flotilla kv ls --recursive --sort -p /services"})
final class LsCommand extends KvVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "[key]")
    String key = "/";

    @Option(names = "--sort", description = "returns result in sorted order")
    boolean sort;

    @Option(names = {"--recursive", "-r"}, description = "returns all key names recursively for the given path")
    boolean recursive;

    @Option(names = "-p", description = "append slash (/) to directories")
    boolean slash;

    @Option(names = {"--quorum", "-q"}, description = "require quorum for get request")
    boolean quorum;

    @Override
    public Integer call() throws Exception {
        printer().printLs(client().get(key, new GetOptions(recursive, sort, quorum)), slash);
        return ExitCodes.SUCCESS;
    }
}
