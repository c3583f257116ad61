package dev.flotilla.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code flotilla bench store ...}: hand-run benchmarks (hidden from the usage). */
@Command(name = "bench", hidden = true, description = "Run a benchmark: bench store [options]")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Which benchmark: store")
    String which;

    /** Everything after the benchmark's name goes to it unparsed. */
    @picocli.CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!"store".equals(which)) {
            System.err.println("flotilla bench: unknown benchmark \"" + which + "\" (known: store)");
            return 2;
        }
        dev.flotilla.node.bench.StoreBenchmark.main(args.toArray(new String[0]));
        return 0;
    }
}
