package dev.flotilla.core.client;

import dev.flotilla.testsupport.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Credentials reach the server: etcd's v2 auth admin API answers only to root's password. */
class BasicAuthTest {
    @TempDir
    Path dir;

    @Test
    void credentialsAreSentAsBasicAuth() throws Exception {
        try (TestStore store = TestStore.etcd(dir).start()) {
            HttpTransport anonymous = HttpTransport.create(ClientConfig.builder()
                    .endpoints(List.of(store.clientUrl())).build());
            byte[] root = "{\"user\":\"root\",\"password\":\"s3cret:with-colon\"}".getBytes(StandardCharsets.UTF_8);
            assertEquals(201, anonymous.send(new HttpTransport.Call("PUT", "/v2/auth/users/root", "application/json",
                    root, false, false)).status());
            assertEquals(200, anonymous.send(new HttpTransport.Call("PUT", "/v2/auth/enable", null, null,
                    false, false)).status());

            assertEquals(401, anonymous.send(HttpTransport.Call.get("/v2/auth/users")).status());
            HttpTransport wrong = HttpTransport.create(ClientConfig.builder().endpoints(List.of(store.clientUrl()))
                    .credentials("root", "nope").build());
            assertEquals(401, wrong.send(HttpTransport.Call.get("/v2/auth/users")).status());
            HttpTransport rootUser = HttpTransport.create(ClientConfig.builder().endpoints(List.of(store.clientUrl()))
                    .credentials("root", "s3cret:with-colon").build());
            assertEquals(200, rootUser.send(HttpTransport.Call.get("/v2/auth/users")).status());
        }
    }
}
