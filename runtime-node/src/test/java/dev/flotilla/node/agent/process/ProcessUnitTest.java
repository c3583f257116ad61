package dev.flotilla.node.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.agent.AgentException;
import dev.flotilla.node.agent.ExecStep;
import dev.flotilla.node.agent.RestartPolicy;
import dev.flotilla.node.agent.ServiceSpec;
import dev.flotilla.node.agent.ServiceType;
import dev.flotilla.node.agent.SubState;
import dev.flotilla.node.agent.UnitResult;
import dev.flotilla.node.agent.UnitStatus;
import dev.flotilla.node.journal.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process units with real processes (/bin/sh, sleep): each systemd rule the agent implements. */
class ProcessUnitTest {

    @TempDir
    Path tmp;
    AgentHarness h;

    @BeforeEach
    void open() throws Exception {
        h = new AgentHarness(tmp.resolve("data"), null);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static ExecStep sh(String script) {
        return ExecStep.of("/bin/sh", "-c", script);
    }

    @Test
    void failureInExecStartPreFailsTheUnitAndRunsExecStopPost() throws Exception {
        h.agent.load(ServiceSpec.builder("pre.service").description("Pre test")
                .execStartPre(sh("echo preparing; exit 3"))
                .execStart(ExecStep.of("sleep", "100"))
                .execStopPost(sh("echo cleanup result=$SERVICE_RESULT code=$EXIT_CODE status=$EXIT_STATUS"))
                .build());
        h.agent.start("pre.service");
        UnitStatus s = h.awaitInactive("pre.service");
        assertEquals("failed failed", s.activeSub());
        assertEquals(UnitResult.EXIT_CODE, s.result());
        List<String> j = h.journal("pre.service");
        assertTrue(j.contains("agent: Starting Pre test..."), j.toString());
        assertTrue(j.contains("stdout: preparing"), j.toString());
        assertTrue(j.contains("agent: pre.service: Control process exited, code=exited, status=3/NOTIMPLEMENTED"), j.toString());
        assertTrue(j.contains("stdout: cleanup result=exit-code code=exited status=3"), j.toString());
        assertTrue(j.contains("agent: pre.service: Failed with result 'exit-code'."), j.toString());
        assertTrue(j.contains("agent: Failed to start Pre test."), j.toString());
        assertFalse(j.stream().anyMatch(l -> l.startsWith("agent: Started")), j.toString());
        assertTrue(h.transitions.contains("pre.service activating start-pre"), h.transitions.toString());
        assertTrue(h.transitions.contains("pre.service deactivating stop-post"), h.transitions.toString());
    }

    @Test
    void dashPrefixIgnoresAFailingCommandAndStopStopsIt() throws Exception {
        h.agent.load(ServiceSpec.builder("dash.service")
                .execStartPre(ExecStep.ignoringFailure("/bin/false"))
                .execStartPre(ExecStep.ignoringFailure("/no/such/program"))
                .execStart(sh("echo hello from main; exec sleep 100"))
                .build());
        h.agent.start("dash.service");
        UnitStatus running = h.awaitState("dash.service", "active running");
        assertTrue(running.mainPid() > 0);
        h.awaitJournal("dash.service", "stdout: hello from main", Duration.ofSeconds(10));
        h.agent.stop("dash.service");
        UnitStatus s = h.awaitInactive("dash.service");
        assertEquals("inactive dead", s.activeSub());
        assertEquals(UnitResult.SUCCESS, s.result());
        assertTrue(h.journal("dash.service").contains("agent: Stopped dash.service."));
        assertFalse(ProcessTree.isAlive(running.mainPid()));
    }

    @Test
    void restartOnFailureWaitsRestartSecAndHitsTheStartLimit() throws Exception {
        h.agent.load(ServiceSpec.builder("crash.service")
                .execStart(sh("echo attempt; exit 1"))
                .restart(RestartPolicy.ON_FAILURE).restartSec(Duration.ofMillis(300))
                .startLimit(3, Duration.ofSeconds(30))
                .build());
        h.agent.start("crash.service");
        UnitStatus s = h.await("crash.service", x -> x.result() == UnitResult.START_LIMIT_HIT,
                Duration.ofSeconds(20));
        assertEquals("failed failed", s.activeSub());
        assertEquals(3, s.restarts()); // as systemd's NRestarts: the third restart job is the one refused
        List<String> j = h.journal("crash.service");
        assertEquals(3, j.stream().filter("stdout: attempt"::equals).count(), j.toString());
        assertTrue(j.contains("agent: crash.service: Main process exited, code=exited, status=1/FAILURE"));
        assertTrue(j.contains("agent: crash.service: Scheduled restart job, restart counter is at 3."));
        assertTrue(j.contains("agent: crash.service: Start request repeated too quickly."));
        assertTrue(h.transitions.contains("crash.service activating auto-restart"));
        // RestartSec: each start comes at least 300 ms after the previous exit
        List<JournalEntry> e = h.entries("crash.service");
        List<JournalEntry> starts = e.stream().filter(x -> x.message().startsWith("Starting ")).toList();
        List<JournalEntry> exits = e.stream().filter(x -> x.message().contains("Main process exited")).toList();
        for (int i = 1; i < starts.size(); i++) {
            long gapMs = Duration.between(exits.get(i - 1).time(), starts.get(i).time()).toMillis();
            assertTrue(gapMs >= 300, "restart came after " + gapMs + " ms");
        }
        // a manual start inside the interval is refused too, until reset-failed
        h.agent.start("crash.service");
        h.awaitInactive("crash.service");
        assertEquals(UnitResult.START_LIMIT_HIT, h.agent.status("crash.service").result());
    }

    @Test
    void restartPreventExitStatusAndCleanExitsFollowSystemdRules() throws Exception {
        h.agent.load(ServiceSpec.builder("prevent.service").execStart(sh("exit 7"))
                .restart(RestartPolicy.ALWAYS).restartPreventExitStatus(7).build());
        h.agent.load(ServiceSpec.builder("okexit.service").execStart(sh("exit 42"))
                .restart(RestartPolicy.ON_FAILURE).successExitStatus(42).build());
        h.agent.start("prevent.service");
        h.agent.start("okexit.service");
        UnitStatus p = h.awaitInactive("prevent.service");
        assertEquals("failed failed", p.activeSub());
        assertEquals(0, p.restarts());
        UnitStatus ok = h.awaitInactive("okexit.service");
        assertEquals("inactive dead", ok.activeSub()); // 42 counts as success: no failure, no restart
        assertEquals(0, ok.restarts());
    }

    @Test
    void stopTimeoutEscalatesToSigkill() throws Exception {
        h.agent.load(ServiceSpec.builder("stubborn.service")
                .execStart(sh("trap '' TERM; echo ready; while true; do sleep 0.2; done"))
                .timeoutStopSec(Duration.ofSeconds(1))
                .build());
        h.agent.start("stubborn.service");
        UnitStatus running = h.awaitState("stubborn.service", "active running");
        h.awaitJournal("stubborn.service", "stdout: ready", Duration.ofSeconds(10));
        h.agent.stop("stubborn.service");
        UnitStatus s = h.awaitInactive("stubborn.service");
        assertEquals("failed failed", s.activeSub());
        assertEquals(UnitResult.TIMEOUT, s.result());
        assertTrue(h.transitions.contains("stubborn.service deactivating stop-sigterm"), h.transitions.toString());
        assertTrue(h.transitions.contains("stubborn.service deactivating stop-sigkill"), h.transitions.toString());
        List<String> j = h.journal("stubborn.service");
        assertTrue(j.contains("agent: stubborn.service: State 'stop-sigterm' timed out. Killing."), j.toString());
        assertTrue(j.contains("agent: stubborn.service: Main process exited, code=killed, status=9/KILL"),
                j.toString());
        assertFalse(ProcessTree.isAlive(running.mainPid()));
    }

    @Test
    void killSignalIsWhatStopSends() throws Exception {
        h.agent.load(ServiceSpec.builder("int.service")
                .execStart(sh("trap 'echo got INT; exit 0' INT; trap '' TERM; echo ready; "
                        + "while true; do sleep 0.1; done"))
                .killSignal("SIGINT").timeoutStopSec(Duration.ofSeconds(10))
                .build());
        h.agent.start("int.service");
        h.awaitJournal("int.service", "stdout: ready", Duration.ofSeconds(10));
        h.agent.stop("int.service");
        UnitStatus s = h.awaitInactive("int.service");
        assertEquals("inactive dead", s.activeSub());
        assertTrue(h.journal("int.service").contains("stdout: got INT"));
    }

    @Test
    void stopLeavesNoProcessOfTheTreeBehind() throws Exception {
        Path pids = tmp.resolve("pids");
        // children, a grandchild, and a daemon that leaves the process group with setsid
        String script = "sleep 300 & echo $! >> " + pids + "; "
                + "sh -c 'sleep 301 & echo $! >> " + pids + "; wait' & echo $! >> " + pids + "; "
                + "setsid sleep 302 & echo $! >> " + pids + "; "
                + "echo spawned; wait";
        h.agent.load(ServiceSpec.builder("tree.service").execStart(sh(script)).build());
        h.agent.start("tree.service");
        UnitStatus running = h.awaitState("tree.service", "active running");
        h.awaitJournal("tree.service", "stdout: spawned", Duration.ofSeconds(10));
        List<Long> spawned = new ArrayList<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (spawned.size() < 4 && System.nanoTime() < deadline) {
            spawned.clear();
            Files.readAllLines(pids).forEach(l -> spawned.add(Long.parseLong(l.trim())));
            Thread.sleep(20);
        }
        assertEquals(4, spawned.size());
        List<Long> descendants = ProcessHandle.of(running.mainPid()).orElseThrow().descendants()
                .map(ProcessHandle::pid).toList();
        assertTrue(descendants.size() >= 3, "descendants " + descendants);
        assertTrue(spawned.stream().allMatch(ProcessTree::isAlive));

        h.agent.stop("tree.service");
        UnitStatus s = h.awaitInactive("tree.service");
        assertEquals("inactive dead", s.activeSub());
        for (long pid : spawned) {
            assertFalse(ProcessTree.isAlive(pid), "process " + pid + " survived the stop");
        }
        for (long pid : descendants) {
            assertFalse(ProcessTree.isAlive(pid), "descendant " + pid + " survived the stop");
        }
        assertFalse(ProcessTree.isAlive(running.mainPid()));
    }

    @Test
    void oneshotRunsEveryCommandAndRemainsActiveExited() throws Exception {
        Path marker = tmp.resolve("marker");
        h.agent.load(ServiceSpec.builder("setup.service").type(ServiceType.ONESHOT).remainAfterExit(true)
                .execStart(sh("echo one > " + marker))
                .execStart(sh("echo two >> " + marker))
                .execStop(sh("echo tearing down"))
                .build());
        h.agent.start("setup.service");
        UnitStatus s = h.awaitState("setup.service", "active exited");
        assertEquals(0, s.mainPid());
        assertEquals(List.of("one", "two"), Files.readAllLines(marker));
        assertTrue(h.journal("setup.service").contains("agent: Finished setup.service."));
        h.agent.stop("setup.service");
        assertEquals("inactive dead", h.awaitInactive("setup.service").activeSub());
        assertTrue(h.journal("setup.service").contains("stdout: tearing down"));

        h.agent.load(ServiceSpec.builder("once.service").type(ServiceType.ONESHOT)
                .execStart(sh("echo done once")).build());
        h.agent.start("once.service");
        UnitStatus once = h.awaitInactive("once.service");
        assertEquals("inactive dead", once.activeSub());
        assertTrue(h.journal("once.service").contains("stdout: done once"));
    }

    @Test
    void environmentEnvironmentFilesAndWorkingDirectory() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work dir"));
        Path envFile = tmp.resolve("app.env");
        Files.writeString(envFile, "# settings\nB=two\nA='from file'\n\nC=\"quoted value\"\n");
        h.agent.load(ServiceSpec.builder("env.service").type(ServiceType.ONESHOT)
                .environment("A", "from unit").environment("D", "only unit")
                .environmentFile(envFile, false)
                .environmentFile(tmp.resolve("missing.env"), true)
                .workingDirectory(work)
                // argv arrives already expanded by the unit parser; the program sees the environment itself
                .execStart(ExecStep.of("/bin/sh", "-c", "echo \"$A|$B|$C|$D|$(pwd)|${INVOCATION_ID:+has-id}\""))
                .build());
        h.agent.start("env.service");
        h.awaitInactive("env.service");
        assertTrue(h.journal("env.service").contains("stdout: from file|two|quoted value|only unit|" + work
                + "|has-id"), h.journal("env.service").toString());

        h.agent.load(ServiceSpec.builder("noenv.service").execStart(ExecStep.of("sleep", "10"))
                .environmentFile(tmp.resolve("missing.env"), false).build());
        h.agent.start("noenv.service");
        UnitStatus s = h.awaitInactive("noenv.service");
        assertEquals("failed failed", s.activeSub());
        assertEquals(UnitResult.RESOURCES, s.result());
        assertTrue(s.statusText().contains("missing.env"), s.statusText());

        h.agent.load(ServiceSpec.builder("nodir.service").execStart(ExecStep.of("sleep", "10"))
                .workingDirectory(tmp.resolve("absent")).build());
        h.agent.start("nodir.service");
        assertEquals(UnitResult.EXIT_CODE, h.awaitInactive("nodir.service").result());
        assertTrue(h.journal("nodir.service").contains(
                "agent: nodir.service: Main process exited, code=exited, status=200/CHDIR"));
    }

    @Test
    void aMissingProgramFailsTheUnitWithTheReason() throws Exception {
        h.agent.load(ServiceSpec.builder("missing.service").execStart(ExecStep.of("/opt/nowhere/daemon", "-x"))
                .build());
        h.agent.start("missing.service");
        UnitStatus s = h.awaitInactive("missing.service");
        assertEquals("failed failed", s.activeSub());
        assertEquals(UnitResult.EXIT_CODE, s.result());
        assertTrue(s.statusText().contains("/opt/nowhere/daemon"), s.statusText());
        List<String> j = h.journal("missing.service");
        assertTrue(j.contains("agent: missing.service: Failed to execute /opt/nowhere/daemon: No such file or "
                + "directory"), j.toString());
        assertTrue(j.contains("agent: missing.service: Main process exited, code=exited, status=203/EXEC"));
    }

    @Test
    void invalidSpecsAreRefusedAndUnknownUnitsNamed() {
        AgentException e = assertThrows(AgentException.class,
                () -> h.agent.load(ServiceSpec.builder("empty.service").build()));
        assertTrue(e.getMessage().contains("ExecStart="), e.getMessage());
        assertEquals("not-found", h.agent.status("empty.service").load().label());
        AgentException u = assertThrows(AgentException.class, () -> h.agent.start("ghost.service"));
        assertTrue(u.getMessage().contains("ghost.service"));
    }

    @Test
    void forkingServiceIsTrackedThroughWhatItLeftBehind() throws Exception {
        Path pidFile = tmp.resolve("daemon.pid");
        h.agent.load(ServiceSpec.builder("forking.service").type(ServiceType.FORKING).pidFile(pidFile)
                .execStart(sh("setsid sh -c 'echo daemon up; exec sleep 300' & echo $! > " + pidFile))
                .build());
        h.agent.start("forking.service");
        UnitStatus s = h.awaitState("forking.service", "active running");
        long daemon = Long.parseLong(Files.readString(pidFile).trim());
        assertEquals(daemon, s.mainPid());
        h.awaitJournal("forking.service", "stdout: daemon up", Duration.ofSeconds(10));
        h.agent.stop("forking.service");
        assertEquals("inactive dead", h.awaitInactive("forking.service").activeSub());
        assertFalse(ProcessTree.isAlive(daemon));
    }

    @Test
    void aRestartedAgentReadoptsRunningUnits() throws Exception {
        h.agent.load(ServiceSpec.builder("survivor.service")
                .execStart(sh("i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done"))
                .build());
        h.agent.start("survivor.service");
        UnitStatus before = h.awaitState("survivor.service", "active running");
        h.awaitJournal("survivor.service", "stdout: tick 2", Duration.ofSeconds(10));
        h.agent.close(); // the agent goes away; the unit must not
        assertTrue(ProcessTree.isAlive(before.mainPid()));
        Thread.sleep(500);

        h.open(null);
        UnitStatus after = h.awaitState("survivor.service", "active running");
        assertEquals(before.mainPid(), after.mainPid());
        long lastCursor = h.journals.journal("survivor.service").lastCursor();
        h.await("survivor.service", x -> h.journals.journal("survivor.service").lastCursor() > lastCursor + 2,
                Duration.ofSeconds(10));
        List<String> j = h.journal("survivor.service");
        assertTrue(j.stream().anyMatch(l -> l.startsWith("agent: survivor.service: Re-adopted process "
                + before.mainPid())), j.toString());
        // nothing was lost or repeated while the agent was away: ticks are consecutive
        List<Integer> ticks = j.stream().filter(l -> l.startsWith("stdout: tick "))
                .map(l -> Integer.parseInt(l.substring(13))).toList();
        for (int i = 1; i < ticks.size(); i++) {
            assertEquals(ticks.get(i - 1) + 1, ticks.get(i), "ticks " + ticks);
        }
        h.agent.stop("survivor.service");
        assertEquals("inactive dead", h.awaitInactive("survivor.service").activeSub());
        assertFalse(ProcessTree.isAlive(before.mainPid()));
        assertNotEquals(SubState.RUNNING, h.agent.status("survivor.service").sub());
        assertTrue(Set.of("inactive dead").contains(h.agent.status("survivor.service").activeSub()));
    }
}
