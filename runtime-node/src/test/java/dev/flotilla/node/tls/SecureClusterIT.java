package dev.flotilla.node.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flotilla.node.cli.CliProcess;
import dev.flotilla.node.cli.CliProcess.Result;
import dev.flotilla.testsupport.TestStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code flotilla node --cloud-config} processes whose TLS comes only from {@code coreos.etcd2}'s keys
 * (https client URLs with client-certificate auth, mutual TLS between peers), then auth turned on: the node's own
 * clients keep working — the engine's and agents' writes from every member, journals asked at a node that does not
 * run the unit (forwarded over https with the caller's credentials), and boot units submitted by a restarted node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureClusterIT {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path dir;
    final Process[] nodes = new Process[3];
    final List<String> urls = new ArrayList<>();
    Path pki;

    @AfterAll
    void stop() throws Exception {
        for (Process p : nodes) {
            if (p != null) {
                p.destroy();
            }
        }
        for (Process p : nodes) {
            if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    String cloudConfig(int i, int[] ports, String bootUnit) {
        List<String> cluster = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            cluster.add("n" + (k + 1) + "=https://127.0.0.1:" + ports[2 * k + 1]);
        }
        String n = "n" + (i + 1);
        String client = "https://127.0.0.1:" + ports[2 * i];
        String peer = "https://127.0.0.1:" + ports[2 * i + 1];
        String yaml = "#cloud-config\ncoreos:\n  etcd2:\n    name: " + n + "\n"
                + "    listen-client-urls: " + client + "\n    advertise-client-urls: " + client + "\n"
                + "    listen-peer-urls: " + peer + "\n    initial-advertise-peer-urls: " + peer + "\n"
                + "    initial-cluster: " + String.join(",", cluster) + "\n"
                + "    cert_file: " + pki.resolve(n + ".pem") + "\n    key_file: " + pki.resolve(n + "-key.pem") + "\n"
                + "    trusted_ca_file: " + pki.resolve("ca.pem") + "\n    client_cert_auth: true\n"
                + "    peer_cert_file: " + pki.resolve(n + ".pem") + "\n"
                + "    peer_key_file: " + pki.resolve(n + "-key.pem") + "\n"
                + "    peer_trusted_ca_file: " + pki.resolve("ca.pem") + "\n    peer_client_cert_auth: true\n";
        if (bootUnit != null) {
            yaml += "  units:\n    - name: " + bootUnit + "\n      command: start\n      content: |\n"
                    + "        [Service]\n        ExecStart=/bin/sh -c 'while true; do echo booted; sleep 1; done'\n";
        }
        return yaml;
    }

    Process startNode(int i, String yaml) throws Exception {
        Path cc = dir.resolve("n" + (i + 1) + ".yaml");
        Files.writeString(cc, yaml);
        List<String> cmd = List.of(CliProcess.flotilla().toString(), "node", "--cloud-config", cc.toString(),
                "--data-dir", dir.resolve("n" + (i + 1)).toString(), "--stop-units-on-exit");
        File log = dir.resolve("n" + (i + 1) + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    Result cli(String endpoint, String user, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CliProcess.flotilla().toString(), "--endpoint", endpoint,
                "--ca-file", pki.resolve("ca.pem").toString(), "--cert-file", pki.resolve("admin.pem").toString(),
                "--key-file", pki.resolve("admin-key.pem").toString()));
        if (user != null) {
            cmd.addAll(List.of("--username", user));
        }
        cmd.addAll(Arrays.asList(args));
        return CliProcess.run(cmd, null);
    }

    Result until(String what, Predicate<Result> ok, String endpoint, String user, String... args) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Result r = cli(endpoint, user, args);
            if (ok.test(r)) {
                return r;
            }
            if (System.nanoTime() > end) {
                String log3 = Files.exists(dir.resolve("n3.log")) ? Files.readString(dir.resolve("n3.log")) : "";
                fail(what + " not within 90 s: " + r.out() + r.err() + "; logs in " + dir + "; n3.log ends:\n"
                        + log3.substring(Math.max(0, log3.length() - 3000)));
            }
            Thread.sleep(500);
        }
    }

    @Test
    void tlsFromCloudConfigAndAuthKeepTheNodesOwnClientsWorking() throws Exception {
        pki = dir.resolve("pki");
        CertMaker.Issued ca = CertMaker.makeCa("test-ca", Duration.ofDays(1));
        CertMaker.write(ca, pki, "ca");
        for (int i = 1; i <= 3; i++) {
            CertMaker.write(CertMaker.makeCert(ca, "n" + i, CertMaker.Use.NODE, List.of("127.0.0.1"),
                    List.of("localhost"), Duration.ofDays(1)), pki, "n" + i);
        }
        CertMaker.write(CertMaker.makeCert(ca, "admin", CertMaker.Use.CLIENT, List.of(), List.of(),
                Duration.ofDays(1)), pki, "admin");
        int[] ports = TestStore.freePorts(6);
        for (int i = 0; i < 3; i++) {
            urls.add("https://127.0.0.1:" + ports[2 * i]);
            nodes[i] = startNode(i, cloudConfig(i, ports, null));
        }
        String all = String.join(",", urls);
        until("3 machines", r -> r.exit() == 0 && r.out().lines().count() == 3, all, null,
                "list-machines", "--no-legend");

        // auth on, anonymous access off
        String root = "root:rootpw";
        assertEquals("User root created\n[exit 0]", cli(all, null, "user", "add", root).seen());
        assertEquals("Role viewer created\n[exit 0]", cli(all, root, "role", "add", "viewer").seen());
        assertEquals(0, cli(all, root, "role", "grant", "viewer", "--path", "/*", "--read").exit());
        assertEquals(0, cli(all, root, "user", "add", "alice:alicepw").exit());
        assertEquals(0, cli(all, root, "user", "grant", "alice", "--roles", "viewer").exit());
        assertEquals("Authentication Enabled\n[exit 0]", cli(all, null, "auth", "enable").seen());
        assertEquals(0, cli(all, root, "role", "revoke", "guest", "--path", "/*", "--readwrite").exit());
        Result anon = cli(all, null, "list-units");
        assertTrue(anon.exit() != 0, anon.out());

        // a unit started through each member in turn: the engine (wherever it leads) places it, an agent runs it
        Path unit = dir.resolve("ticker.service");
        Files.writeString(unit, "[Service]\nExecStart=/bin/sh -c 'while true; do echo tick; sleep 0.3; done'\n");
        Result start = cli(urls.get(2), root, "start", unit.toString());
        assertEquals(0, start.exit(), start.out() + start.err());
        until("ticker running", r -> r.out().contains("\tactive\trunning"), urls.get(1), "alice:alicepw",
                "list-units", "--no-legend");
        for (int i = 0; i < 3; i++) {
            assertEquals("v" + i + "\n[exit 0]", cli(urls.get(i), root, "set", "/secure/k", "v" + i).seen());
        }

        // the journal, asked at every member (at least two of them forward it to the machine running the unit)
        for (String url : urls) {
            Result journal = until("journal at " + url, r -> r.exit() == 0 && r.out().contains("tick"), url,
                    "alice:alicepw", "journal", "--lines", "3", "ticker");
            assertTrue(journal.out().lines().filter(l -> l.contains("tick")).count() >= 2, journal.out());
            List<String> follow = new ArrayList<>(List.of(CliProcess.flotilla().toString(), "--endpoint", url,
                    "--ca-file", pki.resolve("ca.pem").toString(), "--cert-file", pki.resolve("admin.pem").toString(),
                    "--key-file", pki.resolve("admin-key.pem").toString(), "--username", "alice:alicepw",
                    "journal", "-f", "--lines", "1", "ticker"));
            try (CliProcess.Background f = new CliProcess.Background(follow)) {
                List<String> lines = f.lines(3, Duration.ofSeconds(20));
                assertTrue(lines.stream().filter(l -> l.contains("tick")).count() >= 2, url + ": " + lines);
            }
        }

        // a node restarted with a boot unit in its cloud-config submits it with auth on
        nodes[2].destroy();
        assertTrue(nodes[2].waitFor(30, TimeUnit.SECONDS));
        nodes[2] = startNode(2, cloudConfig(2, ports, "booted.service"));
        until("the boot unit running", r -> r.out().lines().anyMatch(l -> l.startsWith("booted.service\t")
                && l.endsWith("\tactive\trunning")), all, root, "list-units", "--no-legend");
        assertEquals(0, cli(all, root, "destroy", "ticker", "booted").exit());
    }
}
