package dev.flotilla.core.unit;

import dev.flotilla.core.unit.check.UnitChecker;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates (syntax, name, systemd, [X-Fleet], fleet hash) 10,000 unit files of corpus size on one
 * thread and prints the rate. Not run by the suite. Run: {@code ./mvnw -q -pl bundles/dev.flotilla.core
 * test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.flotilla.core.unit.UnitParseBenchmark}.
 * The goal (issue 8) is 10,000 files in under a second, i.e. at least 10,000 files/s.
 */
public final class UnitParseBenchmark {
    private UnitParseBenchmark() { }

    public static void main(String[] args) {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<byte[]> samples = UnitSamples.load();
        List<byte[]> batch = new ArrayList<>(files);
        long bytes = 0;
        for (int i = 0; i < files; i++) {
            byte[] b = samples.get(i % samples.size());
            batch.add(b);
            bytes += b.length;
        }
        for (int warm = 0; warm < 3; warm++) {
            run(batch);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int errors = run(batch);
            long t = System.nanoTime() - t0;
            long c = mx.getCurrentThreadCpuTime() - c0;
            best = Math.min(best, t);
            bestCpu = Math.min(bestCpu, c);
            System.out.printf("round %d: %,d files (%,d bytes, %d with errors) in %.1f ms wall, %.1f ms CPU%n", round,
                    files, bytes, errors, t / 1e6, c / 1e6);
        }
        double rate = files / (best / 1e9);
        double cpuRate = files / (bestCpu / 1e9);
        // CPU time is the fairer figure on a shared machine: wall time includes waiting for a core
        System.out.printf("parse+validate: %,.0f files/s wall, %,.0f files per CPU-second, %.1f MB/s (best of 5, "
                + "one thread, %d distinct samples, mean %d bytes); %.1fx the 10,000 files/s goal (CPU)%n", rate,
                cpuRate, bytes / (bestCpu / 1e9) / 1e6, samples.size(), bytes / files, cpuRate / 10_000);
    }

    private static int run(List<byte[]> batch) {
        int errors = 0;
        int i = 0;
        for (byte[] b : batch) {
            UnitChecker.Result r = UnitChecker.check("bench-" + i, "bench" + (i++ % 7) + ".service", b);
            if (r.hasErrors()) {
                errors++;
            }
        }
        return errors;
    }
}
