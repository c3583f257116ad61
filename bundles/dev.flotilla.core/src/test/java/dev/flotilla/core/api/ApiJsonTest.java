package dev.flotilla.core.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API types read etcd's and fleet's bodies and write them back byte for byte. */
class ApiJsonTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = ApiJsonTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static <T> T roundTrip(String fixture, Class<T> type) throws IOException {
        String body = fixture(fixture);
        T value = ApiJson.mapper().readValue(body, type);
        assertEquals(body, ApiJson.write(value), "writing " + fixture + " back changes it");
        return value;
    }

    @Test
    void recursiveDirectoryListingRoundTrips() throws IOException {
        KeysResponse r = roundTrip("keys-get-recursive.json", KeysResponse.class);
        assertEquals("get", r.action());
        assertTrue(r.node().dir());
        assertNull(r.node().value());
        assertEquals(3, r.node().children().size());
        KeyNode job = r.node().children().get(0);
        assertEquals("a & b <c>", job.children().get(0).value());
        KeyNode lease = r.node().children().get(1);
        assertEquals(25, lease.ttl());
        assertEquals("2031-04-05T06:07:08.123456789Z", lease.expiration());
        KeyNode empty = r.node().children().get(2);
        assertEquals("", empty.value(), "an empty value is a value, not an absent one");
    }

    @Test
    void compareAndSwapKeepsPrevNode() throws IOException {
        KeysResponse r = roundTrip("keys-cas.json", KeysResponse.class);
        assertEquals("8080", r.prevNode().value());
        assertEquals(70, r.node().createdIndex());
        assertEquals(77, r.node().modifiedIndex());
    }

    @Test
    void rootNodeHasNoKeyAndNoIndexes() throws IOException {
        KeysResponse r = roundTrip("keys-root.json", KeysResponse.class);
        assertNull(r.node().key());
        assertEquals(0, r.node().modifiedIndex());
        assertEquals(List.of(), r.node().children());
    }

    @Test
    void errorRendersLikeEtcdsGoClient() throws IOException {
        EtcdError e = roundTrip("error-compare.json", EtcdError.class);
        assertEquals("101: Compare failed ([8079 != 8081]) [77]", e.toString());
        assertEquals("100: Key not found () [3]", new EtcdError(100, "Key not found", null, 3).toString());
        assertEquals("{\"errorCode\":100,\"message\":\"Key not found\",\"index\":3}",
                ApiJson.write(new EtcdError(100, "Key not found", "", 3)));
    }

    @Test
    void membersIncludingOneNotStarted() throws IOException {
        MemberList l = roundTrip("members.json", MemberList.class);
        assertEquals(2, l.members().size());
        assertTrue(l.members().get(0).started());
        assertFalse(l.members().get(1).started());
        assertEquals(List.of("http://10.1.0.1:2379", "http://127.0.0.1:2379"), l.members().get(0).clientURLs());
    }

    @Test
    void fleetUnitPageRoundTripsInGoFieldOrder() throws IOException {
        FleetUnitPage p = roundTrip("fleet-units.json", FleetUnitPage.class);
        assertEquals("tok-2", p.nextPageToken());
        assertEquals("web@*.service", p.units().get(0).options().get(1).value());
        assertNull(p.units().get(1).machineID());
    }

    @Test
    void fleetMachineMetadataIsSortedAndEmptyFieldsOmitted() {
        FleetMachine m = new FleetMachine("abc", Map.of("region", "eu", "disk", "ssd"), null);
        assertEquals("{\"id\":\"abc\",\"metadata\":{\"disk\":\"ssd\",\"region\":\"eu\"}}", ApiJson.write(m));
        assertEquals("{\"error\":{\"code\":404,\"message\":\"unit does not exist\"}}",
                ApiJson.write(FleetError.of(404, "unit does not exist")));
    }

    @Test
    void stringsAreEscapedLikeGo() {
        KeyNode n = KeyNode.file("/k", "<a href=\"x\">&</a>\u2028\u0001\b\f\n\t\r é\\", 5, 5);
        assertEquals("{\"key\":\"/k\",\"value\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e"
                        + "\\u2028\\u0001\\u0008\\u000c\\n\\t\\r é\\\\\",\"modifiedIndex\":5,\"createdIndex\":5}",
                ApiJson.write(n));
    }

    @Test
    void unknownPropertiesFromNewerServersAreIgnored() throws IOException {
        Health h = ApiJson.mapper().readValue("{\"health\":\"true\",\"reason\":\"\",\"extra\":1}", Health.class);
        assertTrue(h.healthy());
        Health old = ApiJson.mapper().readValue("{\"health\":true}", Health.class);
        assertTrue(old.healthy(), "etcd 2 wrote a JSON boolean");
    }
}
