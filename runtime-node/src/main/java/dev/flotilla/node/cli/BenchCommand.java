package dev.flotilla.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code flotilla bench store ...}: hand-run benchmarks (hidden from the usage). */
@Command(name = "bench", hidden = true, description = "Run a benchmark: bench store [options] | bench scheduler "
        + "[machines] [units]")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Which benchmark: store or scheduler")
    String which;

    /** Everything after the benchmark's name goes to it unparsed. */
    @picocli.CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        switch (which) {
            case "store" -> dev.flotilla.node.bench.StoreBenchmark.main(args.toArray(new String[0]));
            case "scheduler" -> dev.flotilla.node.bench.SchedulerBenchmark.main(args.toArray(new String[0]));
            default -> {
                System.err.println("flotilla bench: unknown benchmark \"" + which + "\" (known: store, scheduler)");
                return ExitCodes.BAD_ARGS;
            }
        }
        return 0;
    }
}
