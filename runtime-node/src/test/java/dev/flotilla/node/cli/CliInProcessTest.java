package dev.flotilla.node.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the command line does without a server: help, completion, option checking. */
class CliInProcessTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = FlotillaCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void collect(CommandLine cl, List<List<String>> paths, List<String> prefix) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || e.getValue().getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            paths.add(p);
            collect(e.getValue(), paths, p);
        }
    }

    @Test
    void everyVerbHasHelpWithAnExample() {
        List<List<String>> verbs = new ArrayList<>();
        collect(FlotillaCommand.commandLine(), verbs, List.of());
        assertTrue(verbs.size() >= 18, "kv verbs, member verbs, cluster-health, completion: " + verbs);
        for (List<String> verb : verbs) {
            List<String> args = new ArrayList<>(verb);
            args.add("--help");
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), verb + ": " + r.err());
            assertTrue(r.out().contains("Example:"), verb + " --help has no example:\n" + r.out());
            assertTrue(r.out().contains("flotilla " + verb.get(0)), verb + " example does not use the verb:\n" + r.out());
        }
    }

    @Test
    void etcdctlVerbsAnswerAtTheTopLevelButStayOutOfTheVerbList() {
        Run top = run("set", "--help");
        assertEquals(0, top.exit());
        assertTrue(top.out().startsWith("Usage: flotilla set "), top.out());
        assertTrue(top.out().contains("Set the value of a key.") && top.out().contains("Example:"), top.out());
        Run usage = run("--help");
        assertTrue(usage.out().contains("  kv "), usage.out());
        assertTrue(!usage.out().contains("  exec-watch "), usage.out());
    }

    @Test
    void globalOptionsAreListedOnEveryVerb() {
        Run r = run("kv", "get", "--help");
        for (String opt : List.of("--endpoint", "--request-timeout", "--ca-file", "--cert-file", "--key-file",
                "--username", "--output", "--debug")) {
            assertTrue(r.out().contains(opt), opt + " missing from kv get --help");
        }
    }

    @Test
    void bashCompletionCoversTheVerbs() {
        Run r = run("completion", "bash");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out().substring(0, 40));
        for (String word : List.of("kv", "exec-watch", "cluster-health", "member", "--swap-with-value")) {
            assertTrue(r.out().contains(word), "completion lacks " + word);
        }
        Run bad = run("completion", "fish");
        assertEquals(1, bad.exit());
        assertEquals("Error: no completion for shell 'fish'; choose bash or zsh\n", bad.err());
    }

    @Test
    void usageErrorsAreOneLineWithExitOne() {
        Run r = run("kv", "get", "--no-such-flag", "/a");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("Error: Unknown option: '--no-such-flag'"), r.err());
        assertTrue(r.err().contains("'flotilla kv get --help'"), r.err());

        Run t = run("--request-timeout", "soon", "kv", "get", "/a");
        assertEquals(1, t.exit());
        assertTrue(t.err().contains("'soon' is not a positive duration"), t.err());

        Run ttl = run("kv", "set", "--ttl", "abc", "/a", "b");
        assertEquals(1, ttl.exit());
        assertTrue(ttl.err().contains("--ttl"), ttl.err());
    }

    @Test
    void aBadEndpointIsNamedWithItsSource() {
        Run r = run("--endpoint", "ftp://x:1", "kv", "get", "/a");
        assertEquals(1, r.exit());
        assertEquals("Error: --endpoint: bad endpoint 'ftp://x:1': the scheme must be http or https\n", r.err());
    }

    @Test
    void missingTlsFilesAreNamed() {
        Run r = run("--endpoint", "https://127.0.0.1:1", "--cert-file", "/nonexistent/c.pem",
                "--key-file", "/nonexistent/k.pem", "kv", "get", "/a");
        assertEquals(1, r.exit());
        assertEquals("Error: /nonexistent/c.pem: no such file\n", r.err());
        Run half = run("--endpoint", "https://127.0.0.1:1", "--cert-file", "/nonexistent/c.pem", "kv", "get", "/a");
        assertTrue(half.err().contains("without --key-file"), half.err());
    }

    @Test
    void durationsInBothDialects() {
        assertEquals(Duration.ofSeconds(3), DurationConverter.parse("3"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5"));
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("1m30s"));
        assertNull(DurationConverter.parse("3 s"));
        assertNull(DurationConverter.parse("s"));
    }
}
