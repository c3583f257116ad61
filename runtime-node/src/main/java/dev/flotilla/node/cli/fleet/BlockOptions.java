package dev.flotilla.node.cli.fleet;

import picocli.CommandLine.Option;

/** fleetctl's {@code --no-block} and {@code --block-attempts=N}. */
final class BlockOptions {
    @Option(names = "--block-attempts", defaultValue = "0", paramLabel = "N",
            description = "Wait until the units reach the state, performing up to N attempts (2 s each) before "
                    + "giving up. A value of 0 indicates no limit. Does not apply to global units.")
    int blockAttempts;

    @Option(names = "--no-block", description = "Do not wait until the units have reached the state before exiting. "
            + "Always the case for global units.")
    boolean noBlock;

    int attempts() {
        return UnitWaiter.attempts(noBlock, blockAttempts);
    }
}
