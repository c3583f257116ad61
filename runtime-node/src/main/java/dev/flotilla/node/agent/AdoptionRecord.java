package dev.flotilla.node.agent;

import java.util.List;

/**
 * What the agent's state file keeps about a running invocation so that a restarted agent can adopt it.
 *
 * @param unit                unit name
 * @param invocationId        the invocation's {@code INVOCATION_ID}, which its processes carry in their environment
 * @param pgids               process groups created for it
 * @param mainPid             main PID (0 for a container or a oneshot)
 * @param mainStartMillis     the main process's start time, so a recycled PID is not mistaken for it
 * @param containerId         the container of a [Container] unit
 * @param sub                 RUNNING or EXITED
 * @param restarts            NRestarts so far
 * @param stdoutOffset        how far the captured stdout was journaled
 * @param stderrOffset        how far the captured stderr was journaled
 * @param savedAtEpochSeconds when this was written (container logs are followed again from then)
 */
public record AdoptionRecord(String unit, String invocationId, List<Long> pgids, long mainPid, long mainStartMillis,
                             String containerId, String sub, int restarts, long stdoutOffset, long stderrOffset,
                             long savedAtEpochSeconds) {
}
