package dev.flotilla.node.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.FleetApiException;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** fleet API v1 on a real in-process Flotilla node: status codes, JSON and store effects as fleet's API had them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetApiHandlerTest {
    static final String HELLO = "{\"desiredState\":\"loaded\",\"options\":["
            + "{\"section\":\"Unit\",\"name\":\"Description\",\"value\":\"Hello\"},"
            + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sh -c 'echo hi; sleep 1000'\"}]}";

    @TempDir
    static Path dir;
    NodeFixture node;
    FleetClient fleet;

    @BeforeAll
    void start() throws Exception {
        node = NodeFixture.start(dir, 2);
        fleet = FleetClient.create(ClientConfig.builder().endpoint(node.url).build());
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @BeforeEach
    void clean() throws Exception {
        try {
            node.keys.delete(Keyspace.ROOT, new dev.flotilla.core.client.DeleteOptions(null, 0, true, true));
        } catch (EtcdException e) {
            // nothing there yet
        }
    }

    @Test
    void submitThenGetGivesBackTheOptionsAndTheDesiredState() throws Exception {
        NodeFixture.Reply put = node.send("PUT", "/fleet/v1/units/hello.service", HELLO);
        assertEquals(201, put.status(), put.body());
        assertEquals("", put.body());
        NodeFixture.Reply get = node.get("/fleet/v1/units/hello.service");
        assertEquals(200, get.status());
        assertEquals("{\"currentState\":\"inactive\",\"desiredState\":\"loaded\",\"name\":\"hello.service\","
                + "\"options\":[{\"name\":\"Description\",\"section\":\"Unit\",\"value\":\"Hello\"},"
                + "{\"name\":\"ExecStart\",\"section\":\"Service\",\"value\":\"/bin/sh -c 'echo hi; sleep 1000'\"}]}",
                get.body());
        assertEquals("application/json", get.headers().firstValue("Content-Type").orElse(""));
        assertTrue(get.headers().firstValue("X-Flotilla-Index").isPresent());
        // the store holds go-systemd's serialisation, which is what fleet hashed
        assertEquals("[Unit]\nDescription=Hello\n\n[Service]\nExecStart=/bin/sh -c 'echo hi; sleep 1000'\n",
                node.keys.get(Keyspace.unitFile("hello.service")).node().value());
        assertEquals("loaded", node.keys.get(Keyspace.unitDesired("hello.service")).node().value());
    }

    @Test
    void desiredStateChangesNeedAnExistingUnitAndADesiredState() throws Exception {
        NodeFixture.Reply missing = node.send("PUT", "/fleet/v1/units/nope.service", "{\"desiredState\":\"launched\"}");
        assertEquals(409, missing.status());
        assertEquals("{\"error\":{\"code\":409,\"message\":\"unit does not exist and options field empty\"}}",
                missing.body());
        assertEquals(201, node.send("PUT", "/fleet/v1/units/hello.service", HELLO).status());
        NodeFixture.Reply noState = node.send("PUT", "/fleet/v1/units/hello.service", "{}");
        assertEquals(409, noState.status());
        assertEquals("{\"error\":{\"code\":409,\"message\":\"must provide DesiredState to update existing unit\"}}",
                noState.body());
        NodeFixture.Reply start = node.send("PUT", "/fleet/v1/units/hello.service", "{\"desiredState\":\"launched\"}");
        assertEquals(204, start.status());
        assertEquals("launched", fleet.unit("hello.service").orElseThrow().desiredState());
        NodeFixture.Reply bad = node.send("PUT", "/fleet/v1/units/hello.service", "{\"desiredState\":\"running\"}");
        assertEquals(400, bad.status());
        assertEquals("launched", fleet.unit("hello.service").orElseThrow().desiredState());
        // resubmitting the same options with a state is a state change, as in fleet
        assertEquals(204, node.send("PUT", "/fleet/v1/units/hello.service",
                HELLO.replace("\"loaded\"", "\"inactive\"")).status());
        assertEquals("inactive", fleet.unit("hello.service").orElseThrow().desiredState());
    }

    @Test
    void aSubmittedUnitIsImmutableUnlessReplaced() throws Exception {
        assertEquals(201, node.send("PUT", "/fleet/v1/units/hello.service", HELLO).status());
        String changed = HELLO.replace("Hello\"", "Bonjour\"");
        NodeFixture.Reply conflict = node.send("PUT", "/fleet/v1/units/hello.service", changed);
        assertEquals(409, conflict.status());
        assertTrue(conflict.body().contains("already exists with different options"), conflict.body());
        assertEquals("Hello", fleet.unit("hello.service").orElseThrow().options().get(0).value());
        assertEquals(201, node.send("PUT", "/fleet/v1/units/hello.service?replace=true", changed).status());
        assertEquals("Bonjour", fleet.unit("hello.service").orElseThrow().options().get(0).value());
    }

    @Test
    void invalidUnitsAreRefusedWithLineAndColumnAndNothingIsStored() throws Exception {
        String body = "{\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/true\"},"
                + "{\"section\":\"X-Fleet\",\"name\":\"MachineID\",\"value\":\"abc\"},"
                + "{\"section\":\"X-Fleet\",\"name\":\"Conflicts\",\"value\":\"other.service\"}]}";
        NodeFixture.Reply r = node.send("PUT", "/fleet/v1/units/bad.service", body);
        assertEquals(400, r.status(), r.body());
        // the file as stored would be: [Service] / ExecStart / blank / [X-Fleet] / MachineID / Conflicts
        assertTrue(r.body().matches(".*bad\\.service:[56]:\\d+: error: .*MachineID.*Conflicts.*|"
                + ".*bad\\.service:[56]:\\d+: error: .*Conflicts.*MachineID.*"), r.body());
        assertThrows(EtcdException.class, () -> node.keys.get(Keyspace.unit("bad.service")));

        NodeFixture.Reply name = node.send("PUT", "/fleet/v1/units/bad.unit", HELLO);
        assertEquals(400, name.status());
        assertTrue(name.body().contains("unknown unit type"), name.body());
        NodeFixture.Reply mismatch = node.send("PUT", "/fleet/v1/units/a.service",
                "{\"name\":\"b.service\",\"options\":[]}");
        assertEquals("{\"error\":{\"code\":400,\"message\":\"name in URL \\\"a.service\\\" differs from unit name in "
                + "request body \\\"b.service\\\"\"}}", mismatch.body());
        NodeFixture.Reply json = node.send("PUT", "/fleet/v1/units/a.service", "{\"options\":");
        assertEquals(400, json.status());
        assertTrue(json.body().contains("unable to decode body"), json.body());
        NodeFixture.Reply noType = node.send("PUT", "/fleet/v1/units/a.service", null);
        assertEquals(415, noType.status());
        assertEquals("{\"error\":{\"code\":415,\"message\":\"expected 1 Content-Type, got 0\"}}", noType.body());
        assertThrows(EtcdException.class, () -> node.keys.get(Keyspace.UNITS));
    }

    @Test
    void instancesAreCreatedFromTheirTemplateAndTemplatesCannotBeStarted() throws Exception {
        String template = "{\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/echo %i\"},"
                + "{\"section\":\"X-Fleet\",\"name\":\"Conflicts\",\"value\":\"nginx@*.service\"}]}";
        assertEquals(201, node.send("PUT", "/fleet/v1/units/nginx@.service", template).status());
        NodeFixture.Reply start = node.send("PUT", "/fleet/v1/units/nginx@.service", "{\"desiredState\":\"launched\"}");
        assertEquals(400, start.status());
        assertEquals("{\"error\":{\"code\":400,\"message\":\"cannot activate template \\\"nginx@.service\\\"\"}}",
                start.body());
        fleet.setDesired("nginx@1.service", "launched");
        FleetUnit one = fleet.unit("nginx@1.service").orElseThrow();
        assertEquals("launched", one.desiredState());
        assertEquals(fleet.unit("nginx@.service").orElseThrow().options(), one.options());
        FleetApiException e = assertThrows(FleetApiException.class, () -> fleet.setDesired("web@1.service", "launched"));
        assertEquals(409, e.status());
    }

    @Test
    void destroyRemovesEverythingOfTheUnit() throws Exception {
        assertEquals(201, node.send("PUT", "/fleet/v1/units/hello.service", HELLO).status());
        node.keys.set(Keyspace.unitPin("hello.service"), "m1");
        assertEquals(204, node.send("DELETE", "/fleet/v1/units/hello.service", null).status());
        assertThrows(EtcdException.class, () -> node.keys.get(Keyspace.unit("hello.service")));
        NodeFixture.Reply again = node.send("DELETE", "/fleet/v1/units/hello.service", null);
        assertEquals("{\"error\":{\"code\":404,\"message\":\"unit does not exist\"}}", again.body());
        assertFalse(fleet.destroy("hello.service"));
        assertTrue(fleet.unit("hello.service").isEmpty());
    }

    @Test
    void listsArePagedWithFleetsTokens() throws Exception {
        for (String n : List.of("a", "b", "c", "d", "e")) {
            fleet.submit(n + ".service", List.of(new FleetUnitOption("ExecStart", "Service", "/bin/true")), null, false);
        }
        NodeFixture.Reply first = node.get("/fleet/v1/units");
        // page size 2, page 2, as two little-endian uint16 in URL base64: fleet's exact token
        assertTrue(first.body().startsWith("{\"nextPageToken\":\"AgACAA==\",\"units\":[{\"currentState\":\"inactive\","
                + "\"desiredState\":\"inactive\",\"name\":\"a.service\""), first.body());
        NodeFixture.Reply third = node.get("/fleet/v1/units?nextPageToken=AgADAA%3D%3D");
        assertFalse(third.body().contains("nextPageToken"), third.body());
        assertTrue(third.body().contains("e.service"), third.body());
        assertEquals(List.of("a.service", "b.service", "c.service", "d.service", "e.service"),
                fleet.units().stream().map(FleetUnit::name).toList());
        NodeFixture.Reply wrongLimit = node.get("/fleet/v1/units?nextPageToken=ZAABAA==");
        assertEquals("{\"error\":{\"code\":400,\"message\":\"token limit must be 2\"}}", wrongLimit.body());
        NodeFixture.Reply garbage = node.get("/fleet/v1/units?nextPageToken=!!");
        assertEquals(400, garbage.status());
    }

    @Test
    void statesAreListedByUnitThenMachineAndFiltered() throws Exception {
        node.keys.set(Keyspace.state("b.service", "m2"), Records.write(new Records.UnitState("b.service", "m2",
                "abc", "loaded", "active", "running", "success", null)));
        node.keys.set(Keyspace.state("a.service", "m2"), Records.write(new Records.UnitState("a.service", "m2",
                "def", "loaded", "inactive", "dead", null, null)));
        node.keys.set(Keyspace.state("a.service", "m1"), Records.write(new Records.UnitState("a.service", "m1",
                "def", "loaded", "failed", "failed", "exit-code", null)));
        NodeFixture.Reply all = node.get("/fleet/v1/state");
        assertEquals("{\"nextPageToken\":\"AgACAA==\",\"states\":["
                + "{\"hash\":\"def\",\"machineID\":\"m1\",\"name\":\"a.service\",\"systemdActiveState\":\"failed\","
                + "\"systemdLoadState\":\"loaded\",\"systemdSubState\":\"failed\"},"
                + "{\"hash\":\"def\",\"machineID\":\"m2\",\"name\":\"a.service\",\"systemdActiveState\":\"inactive\","
                + "\"systemdLoadState\":\"loaded\",\"systemdSubState\":\"dead\"}]}", all.body());
        assertEquals(3, fleet.states(null, null).size());
        assertEquals(List.of("a.service", "b.service"),
                fleet.states("m2", null).stream().map(s -> s.name()).toList());
        assertEquals(List.of("m1", "m2"), fleet.states(null, "a.service").stream().map(s -> s.machineID()).toList());
    }

    @Test
    void currentStateAndMachineFollowTheEngineAndTheAgent() throws Exception {
        node.machine("m1", "10.0.0.1", Map.of());
        fleet.submit("web.service", List.of(new FleetUnitOption("ExecStart", "Service", "/bin/true")), "launched", false);
        // what the engine writes
        node.keys.set(Keyspace.placement("web.service"), Records.write(new Records.Placement(List.of("m1"), null)));
        node.keys.set(Keyspace.schedule("m1", "web.service"), Records.write(new Records.ScheduleEntry("launched", "h", null)));
        FleetUnit placed = fleet.unit("web.service").orElseThrow();
        assertEquals("m1", placed.machineID());
        assertEquals("inactive", placed.currentState(), "no report from the agent yet");
        node.keys.set(Keyspace.state("web.service", "m1"), Records.write(new Records.UnitState("web.service", "m1",
                "h", "loaded", "active", "running", "success", null)));
        assertEquals("launched", fleet.unit("web.service").orElseThrow().currentState());
        node.keys.set(Keyspace.schedule("m1", "web.service"), Records.write(new Records.ScheduleEntry("loaded", "h", null)));
        assertEquals("loaded", fleet.unit("web.service").orElseThrow().currentState());
    }

    @Test
    void machinesAndTheirMetadataPatches() throws Exception {
        node.machine("m2", "10.0.0.2", Map.of("region", "eu"));
        node.keys.set(Keyspace.machine("m1"), Records.write(new Records.Machine("m1", "10.0.0.1", "m1",
                Map.of("disk", "ssd"), null, null, null, null, null)), dev.flotilla.core.client.SetOptions.DEFAULT
                .withTtl(60));
        assertEquals("{\"machines\":[{\"id\":\"m1\",\"metadata\":{\"disk\":\"ssd\"},\"primaryIP\":\"10.0.0.1\"},"
                + "{\"id\":\"m2\",\"metadata\":{\"region\":\"eu\"},\"primaryIP\":\"10.0.0.2\"}],"
                // fleet's quirk, kept: a page ending exactly at the end still points to a (empty) next page
                + "\"nextPageToken\":\"AgACAA==\"}",
                node.get("/fleet/v1/machines").body());
        assertEquals("{}", node.get("/fleet/v1/machines?nextPageToken=AgACAA==").body());
        NodeFixture.Reply bad = node.send("PATCH", "/fleet/v1/machines",
                "[{\"op\":\"add\",\"path\":\"/m1/metadata/rack\",\"value\":{\"value\":\"r1\"}},"
                        + "{\"op\":\"move\",\"path\":\"/m1/metadata/disk\"}]");
        assertEquals("{\"error\":{\"code\":400,\"message\":\"invalid op: expect add, remove, or replace\"}}", bad.body());
        assertEquals(Map.of("disk", "ssd"), fleet.machines().get(0).metadata(), "a refused patch changes nothing");
        NodeFixture.Reply ok = node.send("PATCH", "/fleet/v1/machines",
                "[{\"op\":\"add\",\"path\":\"/m1/metadata/rack\",\"value\":{\"value\":\"r1\"}},"
                        + "{\"op\":\"remove\",\"path\":\"/m1/metadata/disk\"}]");
        assertEquals(204, ok.status(), ok.body());
        assertEquals(Map.of("rack", "r1"), fleet.machines().get(0).metadata());
        // the live record changed too (the engine places by it), and kept its TTL
        var rec = node.keys.get(Keyspace.machine("m1")).node();
        assertEquals(Map.of("rack", "r1"), Records.read(rec.value(), Records.Machine.class).metadata());
        assertTrue(rec.ttl() > 0 && rec.ttl() <= 60, "ttl " + rec.ttl());
        fleet.setMetadata("m2", "region", "us");
        assertEquals(Map.of("region", "us"), fleet.machines().get(1).metadata());
        NodeFixture.Reply path = node.send("PATCH", "/fleet/v1/machines", "[{\"op\":\"add\",\"path\":\"/m1/foo\","
                + "\"value\":{\"value\":\"x\"}}]");
        assertEquals("{\"error\":{\"code\":400,\"message\":\"machine metadata path invalid\"}}", path.body());
    }

    @Test
    void unknownPathsAndMethodsGetFleetsErrors() throws Exception {
        assertEquals("{\"error\":{\"code\":404,\"message\":\"\"}}", node.get("/fleet/v1/nothing").body());
        NodeFixture.Reply post = node.send("POST", "/fleet/v1/units", "{}");
        assertEquals(405, post.status());
        assertEquals("{\"error\":{\"code\":405,\"message\":\"only GET supported against this resource\"}}", post.body());
        NodeFixture.Reply get = node.get("/fleet/v1/units/none.service");
        assertEquals(404, get.status());
        assertNotNull(get.headers().firstValue("Content-Type").orElse(null));
    }
}
