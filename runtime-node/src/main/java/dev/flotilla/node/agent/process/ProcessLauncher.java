package dev.flotilla.node.agent.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a program as the leader of a new session and process group, with a given environment (replacing the
 * agent's), working directory, and stdout/stderr appended to files.
 *
 * <p>Java cannot call {@code setsid()} between fork and exec, so the program is started through util-linux's
 * {@code setsid} program, which calls {@code setsid()} and then execs the program in the same process (it only
 * forks when it is already a group leader, which a child of the JVM never is). The PID Java reports is therefore the
 * program's own and equals its process group and session id, and {@code kill -SIG -PGID} reaches its whole tree.
 * Without a {@code setsid} program the unit still runs, in the agent's group; {@link ProcessTree} then finds its
 * processes by their {@code INVOCATION_ID}.
 *
 * <p>Output goes to files rather than pipes so that a unit survives the agent: a pipe would break (SIGPIPE) when
 * the agent exits, a file does not, and a new agent continues reading it (see {@link OutputTailer}).
 */
public final class ProcessLauncher {
    private static final Optional<String> SETSID = ProcessTree.firstExisting("/usr/bin/setsid", "/bin/setsid");

    private ProcessLauncher() {
    }

    /** Whether programs get their own session (a {@code setsid} program exists). */
    public static boolean newSessions() {
        return SETSID.isPresent();
    }

    /**
     * @param argv argv with the resolved program path first
     * @throws IOException when the process cannot be created
     */
    public static Process launch(List<String> argv, Map<String, String> environment, Path workingDirectory,
                                 Path stdout, Path stderr) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (SETSID.isPresent()) {
            cmd.add(SETSID.get());
            cmd.add("--");
        }
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(environment);
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        return pb.start();
    }
}
