package dev.flotilla.node.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.cli.CliProcess;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the fleet verbs look for the cluster, as a user runs them (separate processes, one real node): the
 * comma-separated endpoint list is tried in order, $FLOTILLA_ENDPOINT before $FLEETCTL_ENDPOINT, --endpoint before
 * both, and --request-timeout moves on from an endpoint that accepts but never answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliEndpointsIT {
    @TempDir
    static Path dir;
    FleetCluster cluster;
    String live;
    String dead;

    @BeforeAll
    void cluster() throws Exception {
        cluster = new FleetCluster(dir, List.of("node=n1")).start();
        live = cluster.clientUrl(0);
        dead = "http://127.0.0.1:" + FleetCluster.freePort(); // nothing listens there
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    CliProcess.Result run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CliProcess.flotilla().toString()));
        cmd.addAll(List.of(args));
        return CliProcess.run(cmd, null, env);
    }

    @Test
    void fleetctlEndpointVariableWithFallback() throws Exception {
        CliProcess.Result r = run(Map.of("FLEETCTL_ENDPOINT", dead + "," + live), "list-machines", "--no-legend");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
    }

    @Test
    void flotillaEndpointComesBeforeFleetctlEndpoint() throws Exception {
        CliProcess.Result ok = run(Map.of("FLOTILLA_ENDPOINT", live, "FLEETCTL_ENDPOINT", dead),
                "list-machines", "--no-legend");
        assertEquals(0, ok.exit(), ok.err());
        CliProcess.Result bad = run(Map.of("FLOTILLA_ENDPOINT", dead, "FLEETCTL_ENDPOINT", live),
                "list-machines", "--no-legend");
        assertEquals(1, bad.exit(), "fleetctl's exit status for a failed verb: " + bad.out() + bad.err());
        assertTrue(bad.err().startsWith("Error retrieving list of active machines"), bad.err());
    }

    @Test
    void endpointOptionComesBeforeTheVariables() throws Exception {
        CliProcess.Result r = run(Map.of("FLOTILLA_ENDPOINT", dead, "FLEETCTL_ENDPOINT", dead),
                "--endpoint", live, "list-units", "--no-legend");
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void requestTimeoutMovesOnFromAnEndpointThatNeverAnswers() throws Exception {
        try (ServerSocket hole = new ServerSocket(0)) {
            List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hole.accept()); // accept, never answer
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            long t0 = System.nanoTime();
            CliProcess.Result r = run(Map.of(), "--request-timeout", "500ms", "--endpoint",
                    "http://127.0.0.1:" + hole.getLocalPort() + "," + live, "list-machines", "--no-legend");
            System.out.printf("list-machines with a silent first endpoint and --request-timeout 500ms: %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
            assertEquals(0, r.exit(), r.err());
            assertEquals(1, r.out().lines().count(), r.out());
            CliProcess.Result only = run(Map.of(), "--request-timeout", "500ms", "--total-timeout", "2s",
                    "--endpoint", "http://127.0.0.1:" + hole.getLocalPort(), "list-machines");
            assertEquals(1, only.exit(), only.out() + only.err());
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }
}
