package dev.flotilla.node.agent.process;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flotilla.node.agent.AgentException;
import dev.flotilla.node.agent.UnitAgent;
import dev.flotilla.node.agent.UnitStatus;
import dev.flotilla.node.agent.container.DockerEngine;
import dev.flotilla.node.journal.JournalEntry;
import dev.flotilla.node.journal.Journals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** An agent on a temporary data directory, with the helpers the unit tests share. */
public final class AgentHarness implements AutoCloseable {
    public final Path dataDir;
    public final Journals journals;
    public UnitAgent agent;
    /** Every "active sub" pair each unit went through, in order, as listeners saw them. */
    public final List<String> transitions = new CopyOnWriteArrayList<>();

    public AgentHarness(Path dataDir, DockerEngine docker) throws Exception {
        this.dataDir = dataDir;
        this.journals = new Journals(dataDir.resolve("journal"));
        open(docker);
    }

    public void open(DockerEngine docker) throws Exception {
        agent = new UnitAgent(dataDir, journals, docker);
        agent.addListener((before, after) -> transitions.add(after.name() + " " + after.activeSub()));
    }

    public UnitStatus await(String unit, Predicate<UnitStatus> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        UnitStatus s = agent.status(unit);
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                fail("unit " + unit + " did not reach the expected state within " + timeout + "; it is "
                        + s.activeSub() + " (" + s.statusText() + ")\njournal:\n" + String.join("\n", journal(unit)));
            }
            Thread.sleep(20);
            s = agent.status(unit);
        }
        return s;
    }

    public UnitStatus awaitState(String unit, String activeSub) throws Exception {
        return await(unit, s -> s.activeSub().equals(activeSub), Duration.ofSeconds(20));
    }

    public UnitStatus awaitInactive(String unit) throws Exception {
        if (!agent.awaitInactive(unit, Duration.ofSeconds(30))) {
            fail("unit " + unit + " still active: " + agent.status(unit).activeSub() + "\n"
                    + String.join("\n", journal(unit)));
        }
        return agent.status(unit);
    }

    /** The journal as "stream: message" lines. */
    public List<String> journal(String unit) {
        return journals.existing(unit).map(j -> j.tail(10_000).stream()
                .map(e -> e.stream().label() + ": " + e.message()).toList()).orElse(List.of());
    }

    public List<JournalEntry> entries(String unit) {
        return journals.existing(unit).map(j -> j.tail(10_000)).orElse(List.of());
    }

    public void awaitJournal(String unit, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!journal(unit).contains(line)) {
            if (System.nanoTime() > deadline) {
                fail("journal of " + unit + " has no line '" + line + "':\n" + String.join("\n", journal(unit)));
            }
            Thread.sleep(20);
        }
    }

    public void stopQuietly(String unit) {
        try {
            agent.stop(unit);
            agent.awaitInactive(unit, Duration.ofSeconds(30));
        } catch (AgentException | InterruptedException e) {
            // not loaded
        }
    }

    @Override
    public void close() {
        for (UnitStatus s : agent.statuses()) {
            stopQuietly(s.name());
        }
        agent.close();
        journals.close();
    }
}
