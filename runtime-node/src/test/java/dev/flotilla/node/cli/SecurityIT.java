package dev.flotilla.node.cli;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.HttpTransport;
import dev.flotilla.node.cli.CliProcess.Result;
import dev.flotilla.testsupport.TestCerts;
import dev.flotilla.testsupport.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS client certificates and basic-auth credentials through the CLI, side by side with etcdctl. */
class SecurityIT {
    @TempDir
    Path dir;

    static Result run(Path tool, String endpointFlag, String endpoints, List<String> globals, String... verb)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), endpointFlag, endpoints));
        cmd.addAll(globals);
        if (tool.equals(CliProcess.flotilla())) {
            cmd.add("kv");
        }
        cmd.addAll(Arrays.asList(verb));
        return CliProcess.run(cmd, null);
    }

    @Test
    void tlsWithClientCertificates() throws Exception {
        TestCerts certs = TestCerts.create(dir.resolve("pki"));
        try (TestStore store = TestStore.etcd(dir.resolve("etcd")).tls(certs, true).start()) {
            List<String> tls = List.of("--ca-file", certs.caCert().toString(),
                    "--cert-file", certs.clientEcCert().toString(), "--key-file", certs.clientKeyEc().toString());
            Path fl = CliProcess.flotilla();
            Path ec = CliProcess.etcdctl();
            String eps = store.endpoints();
            Result fSet = run(fl, "--endpoint", eps, tls, "set", "/secure/k", "over tls");
            Result eSet = run(ec, "--endpoints", eps, tls, "set", "/secure/e", "over tls");
            assertEquals(eSet.seen(), fSet.seen());
            assertEquals(run(ec, "--endpoints", eps, tls, "get", "/secure/k").seen(),
                    run(fl, "--endpoint", eps, tls, "get", "/secure/k").seen());

            // no client certificate: refused during the handshake, one clear line naming the endpoint
            Result noCert = run(fl, "--endpoint", eps, List.of("--ca-file", certs.caCert().toString()), "get", "/secure/k");
            assertEquals(2, noCert.exit());
            assertEquals("", noCert.out());
            assertEquals(1, noCert.err().lines().count(), noCert.err());
            assertTrue(noCert.err().startsWith("Error: cannot reach " + eps), noCert.err());
        }
    }

    @Test
    void basicAuthCredentials() throws Exception {
        try (TestStore store = TestStore.etcd(dir).start()) {
            HttpTransport admin = HttpTransport.create(ClientConfig.builder().endpoints(List.of(store.clientUrl())).build());
            admin.send(new HttpTransport.Call("PUT", "/v2/keys/private/k", "application/x-www-form-urlencoded",
                    "value=hidden".getBytes(StandardCharsets.UTF_8), false, false));
            admin.send(new HttpTransport.Call("PUT", "/v2/auth/users/root", "application/json",
                    "{\"user\":\"root\",\"password\":\"pw\"}".getBytes(StandardCharsets.UTF_8), false, false));
            admin.send(new HttpTransport.Call("PUT", "/v2/auth/enable", null, null, false, false));
            HttpTransport root = HttpTransport.create(ClientConfig.builder().endpoints(List.of(store.clientUrl()))
                    .credentials("root", "pw").build());
            // take the anonymous "guest" role's rights away, so only credentials open the keys
            assertEquals(200, root.send(new HttpTransport.Call("PUT", "/v2/auth/roles/guest", "application/json",
                    "{\"role\":\"guest\",\"revoke\":{\"kv\":{\"read\":[\"/*\"],\"write\":[\"/*\"]}}}"
                            .getBytes(StandardCharsets.UTF_8), false, false)).status());

            Path fl = CliProcess.flotilla();
            Path ec = CliProcess.etcdctl();
            String eps = store.endpoints();
            Result fAnon = run(fl, "--endpoint", eps, List.of(), "get", "/private/k");
            Result eAnon = run(ec, "--endpoints", eps, List.of(), "get", "/private/k");
            assertEquals(eAnon.seen(), fAnon.seen());
            assertEquals(eAnon.err(), fAnon.err());
            List<String> creds = List.of("--username", "root:pw");
            Result fRoot = run(fl, "--endpoint", eps, creds, "get", "/private/k");
            assertEquals(run(ec, "--endpoints", eps, creds, "get", "/private/k").seen(), fRoot.seen());
            assertEquals("hidden\n[exit 0]", fRoot.seen());
        }
    }
}
