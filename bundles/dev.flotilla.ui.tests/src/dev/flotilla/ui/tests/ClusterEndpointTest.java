package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.flotilla.ui.connection.ClusterEndpoint;
import dev.flotilla.ui.connection.InvalidEndpointException;

/** Which cluster a launch asks for, and the reasons a typed endpoint is refused. */
class ClusterEndpointTest {

    @Test
    void connectArgumentWinsOverPropertyAndDefault() throws Exception {
        assertEquals("http://10.0.0.5:2379", ClusterEndpoint.fromLaunch(
                new String[] { "-consoleLog", "--connect", "http://10.0.0.5:2379" }, "http://other:1").toString());
        assertEquals("https://node.example:4001", ClusterEndpoint.fromLaunch(
                new String[] { "--connect=https://node.example:4001/" }, null).toString());
        assertEquals("http://other:1", ClusterEndpoint.fromLaunch(new String[] { "-data", "x" }, "http://other:1")
                .toString());
        assertEquals(ClusterEndpoint.DEFAULT, ClusterEndpoint.fromLaunch(new String[0], null).toString());
    }

    @Test
    void endpointsAreSchemeHostAndPortOnly() throws Exception {
        assertEquals("http://127.0.0.1:2379/v2/keys/?recursive=true",
                ClusterEndpoint.parse(" HTTP://127.0.0.1:2379/ ", "test").resolve("/v2/keys/?recursive=true")
                        .toString());
    }

    @Test
    void badEndpointsAreRefusedNamingWhereTheyCameFrom() {
        assertEquals("argument --connect: missing URL after it; expected e.g. --connect http://127.0.0.1:2379",
                assertThrows(InvalidEndpointException.class,
                        () -> ClusterEndpoint.fromLaunch(new String[] { "--connect" }, null)).getMessage());
        assertEquals("system property flotilla.connect: 'ftp://host:21' must start with http:// or https://; "
                + "expected one like http://127.0.0.1:2379", assertThrows(InvalidEndpointException.class,
                        () -> ClusterEndpoint.fromLaunch(new String[0], "ftp://host:21")).getMessage());
        assertEquals("argument --connect: 'http://host:2379/v2/keys' must be scheme, host and port only "
                + "(no path or query); expected one like http://127.0.0.1:2379", assertThrows(
                        InvalidEndpointException.class, () -> ClusterEndpoint.fromLaunch(
                                new String[] { "--connect", "http://host:2379/v2/keys" }, null)).getMessage());
        assertEquals("field: 'http://:2379' has no host; expected one like http://127.0.0.1:2379",
                assertThrows(InvalidEndpointException.class, () -> ClusterEndpoint.parse("http://:2379", "field"))
                        .getMessage());
        assertEquals("field: no URL given; expected one like http://127.0.0.1:2379",
                assertThrows(InvalidEndpointException.class, () -> ClusterEndpoint.parse("  ", "field"))
                        .getMessage());
    }
}
