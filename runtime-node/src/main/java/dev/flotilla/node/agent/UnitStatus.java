package dev.flotilla.node.agent;

import java.time.Instant;

/**
 * A unit's state as {@code systemctl status} reports it.
 *
 * @param name         unit name
 * @param load         LOAD
 * @param active       ACTIVE
 * @param sub          SUB
 * @param result       the result of the last run ({@code success} until something fails)
 * @param mainPid      PID of the main process, 0 when none (for a container unit: 0; see containerId)
 * @param containerId  the Docker container of a {@code [Container]} unit, null otherwise
 * @param since        when the ACTIVE/SUB state was entered
 * @param restarts     automatic restarts since the unit was loaded ({@code NRestarts})
 * @param lastExit     how the main process last ended, null if it has not
 * @param statusText   a one-line human explanation, e.g. the reason of a failure
 */
public record UnitStatus(String name, LoadState load, ActiveState active, SubState sub, UnitResult result,
                         long mainPid, String containerId, Instant since, int restarts, ExitStatus lastExit,
                         String statusText) {

    /** {@code active running}, {@code failed failed}: the pair fleetctl list-units prints. */
    public String activeSub() {
        return active.label() + " " + sub.label();
    }
}
