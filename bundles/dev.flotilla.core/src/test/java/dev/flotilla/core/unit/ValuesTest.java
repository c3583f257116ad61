package dev.flotilla.core.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void booleans() {
        for (String t : List.of("1", "yes", "TRUE", "on", "y", "t")) {
            assertEquals(Optional.of(true), Booleans.parse(t), t);
        }
        for (String f : List.of("0", "no", "false", "Off", "n", "f")) {
            assertEquals(Optional.of(false), Booleans.parse(f), f);
        }
        assertEquals(Optional.empty(), Booleans.parse("maybe"));
    }

    @Test
    void timeSpans() throws ValueException {
        assertEquals(Duration.ofMillis(120_200), TimeSpan.parse("2min 200ms").duration());
        assertEquals(Duration.ofMillis(120_200), TimeSpan.parse("2min200ms").duration());
        assertEquals(Duration.ofSeconds(5), TimeSpan.parse("5s").duration());
        assertEquals(Duration.ofSeconds(90), TimeSpan.parse("90").duration());
        assertEquals(Duration.ofMinutes(90), TimeSpan.parse("1.5h").duration());
        assertEquals(Duration.ofDays(8), TimeSpan.parse("1w 1d").duration());
        assertEquals(Duration.ofSeconds(2_629_800), TimeSpan.parse("1M").duration());
        assertEquals(Duration.ofSeconds(31_557_600), TimeSpan.parse("1y").duration());
        assertEquals(Duration.ofNanos(7000), TimeSpan.parse("7us").duration());
        assertTrue(TimeSpan.parse("infinity").isInfinite());
        assertTrue(TimeSpan.parse("0").zeroMeansInfinity().isInfinite());
        ValueException e = assertThrows(ValueException.class, () -> TimeSpan.parse("5 parsecs"));
        assertEquals(2, e.offset());
        assertThrows(ValueException.class, () -> TimeSpan.parse(""));
        assertThrows(ValueException.class, () -> TimeSpan.parse("-5s"));
        assertThrows(ValueException.class, () -> TimeSpan.parse("99999999999999999999y"));
    }

    @Test
    void wordsUnquoteAndUnescapeLikeSystemd() {
        Words.Result r = Words.split("a \"b c\" 'd \\'e\\'' f\"g h\"i \\x41\\101\\u00e9 \\s x\\ty");
        assertEquals(List.of("a", "b c", "d 'e'", "fg hi", "AA\u00e9", " ", "x\ty"), r.texts());
        assertTrue(r.problems().isEmpty());
        Words.Result unknown = Words.split("grep \\.x");
        assertEquals(List.of("grep", "\\.x"), unknown.texts());
        assertEquals(Severity.WARNING, unknown.problems().get(0).severity());
        Words.Result open = Words.split("sh -c \"echo");
        assertTrue(open.failed());
        assertEquals(6, open.problems().get(0).offset());
    }

    @Test
    void execPrefixesAndCombinations() {
        ExecCommand c = ExecLine.parse("-/usr/bin/docker rm -f x").first();
        assertEquals(Set.of(ExecPrefix.IGNORE_FAILURE), c.prefixes());
        assertEquals("/usr/bin/docker", c.program());
        assertEquals(List.of("/usr/bin/docker", "rm", "-f", "x"), c.argv());
        assertEquals(List.of("rm", "-f", "x"), c.arguments());
        ExecCommand at = ExecLine.parse("@-/bin/busybox sh -c true").first();
        assertEquals(EnumSet.of(ExecPrefix.ARGV0, ExecPrefix.IGNORE_FAILURE), at.prefixes());
        assertEquals("/bin/busybox", at.program());
        assertEquals(List.of("sh", "-c", "true"), at.argv());
        assertEquals(EnumSet.of(ExecPrefix.IGNORE_FAILURE, ExecPrefix.NO_SETUID),
                ExecLine.parse("-!/bin/x").first().prefixes());
        assertEquals(EnumSet.of(ExecPrefix.AMBIENT_FALLBACK), ExecLine.parse("!!/bin/x").first().prefixes());
        assertEquals(EnumSet.of(ExecPrefix.VIA_SHELL, ExecPrefix.NO_ENVIRONMENT_EXPANSION, ExecPrefix.FULL_PRIVILEGES),
                ExecLine.parse("|:+/bin/x").first().prefixes());
        assertEquals("etcdctl", ExecLine.parse("etcdctl watch /x").first().program());
        assertEquals("%h/bin/tool", ExecLine.parse("%h/bin/tool").first().program());
        for (String bad : List.of("+!/bin/x", "--/bin/x", "!+/bin/x", "-", "@/bin/x", "bin/x", "sh -c 'open")) {
            assertTrue(ExecLine.parse(bad).hasErrors(), bad);
        }
        ExecLine two = ExecLine.parse("/bin/a 1 ; /bin/b \\; 2");
        assertEquals(2, two.commands().size());
        assertEquals(List.of("/bin/b", ";", "2"), two.commands().get(1).argv());
    }

    @Test
    void execEnvironmentExpansion() {
        Map<String, String> env = Map.of("IMAGE", "nginx:1", "OPTS", "-a  -b", "EMPTY", "");
        ExecCommand c = ExecLine.parse("/bin/run ${OPTS} $OPTS $IMAGE x$IMAGE ${IMAGE}:y $$HOME $EMPTY ${UNSET} "
                + "${UNSET:-dflt} ${IMAGE:+set} \"$$\"").first();
        assertEquals(List.of("/bin/run", "-a  -b", "-a", "-b", "nginx:1", "x$IMAGE", "nginx:1:y", "$HOME", "", "dflt",
                "set", "$"), c.expand(env));
        ExecCommand raw = ExecLine.parse(":/bin/run $IMAGE ${IMAGE} $$").first();
        assertEquals(List.of("/bin/run", "$IMAGE", "${IMAGE}", "$$"), raw.expand(env));
    }

    @Test
    void environmentAndEnvironmentFiles() throws ValueException {
        EnvironmentAssignments.Parsed p = EnvironmentAssignments.parse("\"A=1\" B=\"two words\" 9X=bad C=");
        assertEquals(Map.of("A", "1", "B", "two words", "C", ""), p.assignments());
        assertEquals(1, p.problems().size());
        assertEquals(new EnvironmentFileRef("/etc/environment", true), EnvironmentFileRef.parse("-/etc/environment"));
        assertFalse(EnvironmentFileRef.parse("/run/x.env").optional());
        assertThrows(ValueException.class, () -> EnvironmentFileRef.parse("x.env"));
    }

    @Test
    void signalsAndExitStatuses() {
        assertEquals(15, Signals.parse("SIGTERM").getAsInt());
        assertEquals(2, Signals.parse("INT").getAsInt());
        assertEquals(9, Signals.parse("9").getAsInt());
        assertEquals(36, Signals.parse("SIGRTMIN+2").getAsInt());
        assertTrue(Signals.parse("sigterm").isEmpty());
        assertTrue(Signals.parse("SIGNOPE").isEmpty());
        List<ValueProblem> ps = new java.util.ArrayList<>();
        ExitStatusSet s = ExitStatusSet.parse("0 2 SIGHUP 300 nope", ps);
        assertEquals(Set.of(0, 2), s.statuses());
        assertEquals(Set.of(1), s.signals());
        assertEquals(2, ps.size());
    }

    @Test
    void serviceConfigIsTyped() {
        UnitFile f = Fixtures.unit("web@.service");
        ServiceConfig s = ServiceConfig.of(f);
        assertEquals(ServiceType.SIMPLE, s.type());
        assertEquals(RestartPolicy.ON_FAILURE, s.restart());
        assertEquals(Duration.ofSeconds(5), s.restartSec().duration());
        assertEquals(Duration.ofSeconds(150), s.timeoutStart().orElseThrow().duration());
        assertTrue(s.timeoutStop().isEmpty());
        assertEquals(Map.of("IMAGE", "nginx:1.27", "GREETING", "hello world"), s.environment());
        assertEquals(List.of(new EnvironmentFileRef("/etc/flotilla/web.env", true)), s.environmentFiles());
        ExecCommand start = s.execStart().get(0).first();
        assertEquals(List.of("/usr/bin/docker", "run", "--rm", "--name", "%p-%i", "-p", "%i:80", "-e",
                "GREETING=hello world", "nginx:1.27"), start.expand(s.environment()));
        assertTrue(s.execStartPre().get(0).first().ignoresFailure());
        assertEquals(15, s.killSignal());

        UnitFile g = UnitFile.parse("x.service", "[Service]\nType=oneshot\nTimeoutSec=10min\nTimeoutStopSec=0\n"
                + "SuccessExitStatus=1\nSuccessExitStatus=\nSuccessExitStatus=3 SIGUSR1\nKillSignal=SIGINT\n"
                + "RestartPreventExitStatus=42\nWorkingDirectory=-/srv\nRemainAfterExit=yes\nRestart=always\n");
        ServiceConfig t = ServiceConfig.of(g);
        assertEquals(ServiceType.ONESHOT, t.type());
        assertEquals(Duration.ofMinutes(10), t.timeoutStart().orElseThrow().duration());
        assertTrue(t.timeoutStop().orElseThrow().zeroMeansInfinity().isInfinite());
        assertEquals(Set.of(3), t.successExitStatus().statuses());
        assertEquals(Set.of(10), t.successExitStatus().signals());
        assertEquals(Set.of(42), t.restartPreventExitStatus().statuses());
        assertEquals(2, t.killSignal());
        assertEquals(Optional.of("/srv"), t.workingDirectory());
        assertTrue(t.workingDirectoryOptional());
        assertTrue(t.remainAfterExit());
        assertEquals(RestartPolicy.ALWAYS, t.restart());
    }

    @Test
    void unitInstallAndContainerSections() {
        UnitFile f = Fixtures.unit("container.service");
        ContainerConfig c = ContainerConfig.of(f);
        assertEquals(Optional.of("docker.io/library/nginx:1.27"), c.image());
        assertEquals(List.of("nginx", "-g", "daemon off;"), c.exec());
        assertEquals(Map.of("NGINX_HOST", "example.org", "NGINX_PORT", "80"), c.environment());
        assertEquals(List.of("8080:80", "127.0.0.1:8443:443/tcp"), c.publishPorts());
        assertEquals(List.of("/srv/www:/usr/share/nginx/html:ro"), c.volumes());
        assertEquals(List.of("host"), c.networks());
        assertEquals(Optional.of("web-%i"), c.containerName());
        assertEquals(Map.of("app", "web", "tier", "front"), c.labels());
        assertEquals(List.of("multi-user.target"), InstallConfig.of(f).wantedBy());
        assertEquals(Optional.of("nginx in a container"), UnitConfig.of(f).description());
        DiagnosticSink sink = new DiagnosticSink("c.service");
        ContainerConfig.read(UnitFile.parse("c.service", "[Container]\nPublishPort=eighty\n"), sink);
        assertEquals(2, sink.diagnostics().size());
    }
}
