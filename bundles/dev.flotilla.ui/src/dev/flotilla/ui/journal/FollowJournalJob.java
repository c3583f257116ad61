package dev.flotilla.ui.journal;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.JournalPage;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.ui.fleet.FleetAccess;
import dev.flotilla.ui.support.Problems;

/**
 * Follows one unit's journal ({@code /flotilla/v1/journal/{unit}?follow=true}, server-sent events) into a
 * {@link JournalBuffer}, on this job's thread: first the last {@code backlog} lines, then each new one. The
 * job shows in the Progress view (with the count of lines read) and cancelling it closes the stream. When the
 * stream ends (the unit moved, the node went away) it reconnects after a pause, skipping lines it already has.
 */
public final class FollowJournalJob extends Job {

    /** Family of all follow jobs, for tests and for cancelling them together. */
    public static final Object FAMILY = FollowJournalJob.class;
    private static final long RETRY_MS = 2000;

    private final String unit;
    private final int backlog;
    private final JournalBuffer buffer;
    private final BiConsumer<String, String> onStatus;
    private volatile FleetClient.JournalFollow follow;
    private String lastMachine;
    private long lastCursor = -1;
    private long lines;

    /**
     * @param onStatus called with (unit, problem) when following fails and with (unit, null) once it works;
     *                 on this job's thread
     */
    public FollowJournalJob(String unit, int backlog, JournalBuffer buffer, BiConsumer<String, String> onStatus) {
        super("Following the journal of " + unit);
        this.unit = unit;
        this.backlog = backlog;
        this.buffer = buffer;
        this.onStatus = onStatus;
    }

    public String unit() {
        return unit;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
        try {
            FleetClient fleet = FleetAccess.client();
            if (fleet == null) {
                onStatus.accept(unit, "not connected to a cluster");
                return retry(monitor);
            }
            String machine = machineOf(fleet);
            boolean sameMachine = machine.equals(lastMachine);
            lastMachine = machine;
            try (FleetClient.JournalFollow f = fleet.followJournal(unit, sameMachine ? 0 : backlog)) {
                follow = f;
                if (monitor.isCanceled()) {
                    return Status.CANCEL_STATUS;
                }
                onStatus.accept(unit, null);
                monitor.subTask(unit + " on " + machine);
                JournalPage.Line l;
                while (!monitor.isCanceled() && (l = f.next()) != null) {
                    if (sameMachine && l.cursor() <= lastCursor) {
                        continue; // already shown before the reconnect
                    }
                    lastCursor = l.cursor();
                    buffer.add(JournalLine.of(machine, unit, l));
                    if (++lines % 1000 == 0) {
                        monitor.subTask(unit + " on " + machine + ": " + lines + " lines");
                    }
                }
            } finally {
                follow = null;
            }
            if (!monitor.isCanceled()) {
                onStatus.accept(unit, "the journal stream ended; reconnecting");
            }
        } catch (ClientException | IOException | RuntimeException e) {
            if (!monitor.isCanceled()) {
                onStatus.accept(unit, Problems.describe("Cannot follow the journal of " + unit, e));
            }
        } finally {
            monitor.done();
        }
        return retry(monitor);
    }

    private IStatus retry(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            return Status.CANCEL_STATUS;
        }
        schedule(RETRY_MS);
        return Status.OK_STATUS;
    }

    /** The short ID of the machine the unit is placed on, or "-". */
    private String machineOf(FleetClient fleet) throws ClientException {
        String id = fleet.unit(unit).map(u -> u.machineID()).orElse(null);
        if (id == null || id.isEmpty()) {
            List<FleetUnitState> states = fleet.states(null, unit);
            id = states.isEmpty() ? null : states.get(0).machineID();
        }
        if (id == null || id.isEmpty()) {
            return "-";
        }
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    @Override
    protected void canceling() {
        FleetClient.JournalFollow f = follow;
        if (f != null) {
            try {
                f.close(); // unblocks next()
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
