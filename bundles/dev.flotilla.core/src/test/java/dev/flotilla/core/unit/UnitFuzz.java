package dev.flotilla.core.unit;

import java.util.List;
import java.util.Random;

/**
 * The long fuzz run (not part of the test suite): random and mutated unit files through every reader for a given
 * time. Run: {@code ./mvnw -q -pl bundles/dev.flotilla.core test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.flotilla.core.unit.UnitFuzz -Dexec.args="SECONDS [SEED]"}.
 */
public final class UnitFuzz {
    private UnitFuzz() { }

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Random r = new Random(seed);
        List<byte[]> samples = UnitSamples.load();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long cases = 0;
        while (System.nanoTime() < end) {
            byte[] input = r.nextBoolean() ? UnitSamples.randomBytes(r, 2000)
                    : UnitSamples.mutate(r, samples.get(r.nextInt(samples.size())));
            try {
                PropertyTest.exercise(input);
            } catch (Throwable t) {
                System.out.println("FAILED after " + cases + " cases, seed " + seed + ", input "
                        + java.util.Arrays.toString(input));
                t.printStackTrace(System.out);
                System.exit(1);
            }
            cases++;
        }
        System.out.printf("unit fuzz: %d cases in %d s, seed %d, no failure%n", cases, seconds, seed);
    }
}
