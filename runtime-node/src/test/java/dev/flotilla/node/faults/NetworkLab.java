package dev.flotilla.node.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Members with their own network stacks: one network namespace per member, joined by veth pairs to a bridge in
 * the test's namespace (which holds {@code .254}), so a member can be cut off from the others with iptables
 * inside its namespace while the test still reaches everyone. Needs root and iproute2/iptables; without them
 * the constructor fails with a message saying so (fault tests never skip silently).
 */
final class NetworkLab implements AutoCloseable {
    final String prefix;
    final String subnet;
    final int size;
    private final List<String> namespaces = new ArrayList<>();
    private final String bridge;

    NetworkLab(int size) throws IOException, InterruptedException {
        this.size = size;
        long pid = ProcessHandle.current().pid();
        int tag = (int) (pid % 200) + 20;
        prefix = "flf" + tag;
        subnet = "10.77." + tag;
        bridge = prefix + "br";
        requireTools();
        // what a killed earlier run with the same tag may have left
        for (int i = 0; i < size; i++) {
            exit("ip", "netns", "del", namespace(i));
        }
        exit("ip", "link", "del", bridge);
        run("ip", "link", "add", bridge, "type", "bridge");
        run("ip", "addr", "add", subnet + ".254/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
        for (int i = 0; i < size; i++) {
            String ns = namespace(i);
            run("ip", "netns", "add", ns);
            namespaces.add(ns);
            String host = prefix + "h" + i;
            String inner = prefix + "n" + i;
            run("ip", "link", "add", host, "type", "veth", "peer", "name", inner);
            run("ip", "link", "set", inner, "netns", ns);
            run("ip", "link", "set", host, "master", bridge);
            run("ip", "link", "set", host, "up");
            run("ip", "netns", "exec", ns, "ip", "addr", "add", address(i) + "/24", "dev", inner);
            run("ip", "netns", "exec", ns, "ip", "link", "set", inner, "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        }
    }

    private static void requireTools() throws IOException, InterruptedException {
        String uid = output("id", "-u").trim();
        if (!uid.equals("0")) {
            throw new AssertionError("the partition tests need root (network namespaces, iptables); running as uid "
                    + uid);
        }
        for (String tool : List.of("ip", "iptables")) {
            if (exit("sh", "-c", "command -v " + tool) != 0) {
                throw new AssertionError("the partition tests need '" + tool + "' (Debian: iproute2, iptables)");
            }
        }
    }

    String namespace(int i) {
        return prefix + "ns" + i;
    }

    String address(int i) {
        return subnet + "." + (i + 1);
    }

    List<String> launcher(int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    /** Drops every packet between member {@code i} and the other members (the test still reaches it). */
    void isolate(int i) throws IOException, InterruptedException {
        for (int j = 0; j < size; j++) {
            if (j != i) {
                run("ip", "netns", "exec", namespace(i), "iptables", "-A", "INPUT", "-s", address(j), "-j", "DROP");
                run("ip", "netns", "exec", namespace(i), "iptables", "-A", "OUTPUT", "-d", address(j), "-j", "DROP");
            }
        }
    }

    void heal(int i) throws IOException, InterruptedException {
        run("ip", "netns", "exec", namespace(i), "iptables", "-F");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (String ns : namespaces) {
            exit("ip", "netns", "del", ns);
        }
        exit("ip", "link", "del", bridge);
    }

    static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static int exit(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static String output(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
