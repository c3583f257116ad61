package dev.flotilla.node.cli.kv;

/**
 * CTRL+C ends a watch successfully, as in etcdctl: the user asked it to stop, nothing failed. The JVM would
 * otherwise exit with 130.
 */
final class Interrupts {
    private Interrupts() {
    }

    @SuppressWarnings("restriction")
    static void exitQuietlyOnCtrlC() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> Runtime.getRuntime().halt(0));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no signal support on this JVM: CTRL+C then exits with the JVM's status, which is acceptable
        }
    }
}
