package dev.flotilla.node.agent.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds and signals the processes of one unit invocation through {@code /proc}.
 *
 * <p>A process belongs to an invocation when its process group is one the agent created for it (every program is
 * started as a session and group leader, see {@link ProcessLauncher}) or when its environment carries the
 * invocation's {@code INVOCATION_ID} (as systemd sets it). The second rule catches daemons that call
 * {@code setsid()} themselves to leave their group, which is what Type=forking services typically do. Zombies are
 * never counted: they are dead, and on a machine whose PID 1 does not reap they would otherwise look immortal.
 *
 * <p>Signals go through the {@code kill} program ({@code kill -s N -- -PGID PID...}) because Java can only send
 * SIGTERM/SIGKILL to single processes, and a unit's {@code KillSignal} must reach the whole group.
 */
public final class ProcessTree {
    private static final Path PROC = Path.of("/proc");
    private static final String KILL = firstExisting("/usr/bin/kill", "/bin/kill").orElse("kill");

    private ProcessTree() {
    }

    /** Live (non-zombie) processes in any of {@code pgids} or carrying {@code INVOCATION_ID=invocationId}. */
    public static List<Long> members(Set<Long> pgids, String invocationId) {
        byte[] marker = invocationId == null ? null
                : ("INVOCATION_ID=" + invocationId).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<Long> result = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == self) {
                    continue;
                }
                Optional<Stat> stat = stat(pid);
                if (stat.isEmpty() || stat.get().state == 'Z' || stat.get().state == 'X') {
                    continue;
                }
                if (pgids.contains(stat.get().pgrp) || (marker != null && environContains(pid, marker))) {
                    result.add(pid);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: report nothing rather than fail a stop; the group kill still happens
        }
        return result;
    }

    /** The process group of {@code pid}, empty when it no longer exists. */
    public static Optional<Long> processGroup(long pid) {
        return stat(pid).map(s -> s.pgrp);
    }

    /** Whether {@code pid} is alive and not a zombie. */
    public static boolean isAlive(long pid) {
        Optional<Stat> s = stat(pid);
        return s.isPresent() && s.get().state != 'Z' && s.get().state != 'X';
    }

    /** Sends signal {@code number} to every group in {@code pgids} and every process in {@code pids}. */
    public static void signal(int number, Collection<Long> pgids, Collection<Long> pids) {
        List<String> cmd = new ArrayList<>(List.of(KILL, "-s", Integer.toString(number), "--"));
        pgids.forEach(g -> cmd.add("-" + g));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        if (cmd.size() == 4) {
            return;
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // exits non-zero when some target is already gone; that is expected during stops
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill program: fall back to what Java can do for single processes
            if (number == 9 || number == 15) {
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
                    if (number == 9) {
                        h.destroyForcibly();
                    } else {
                        h.destroy();
                    }
                }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Stat(char state, long ppid, long pgrp) {
    }

    private static Optional<Stat> stat(long pid) {
        try {
            String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            int close = s.lastIndexOf(')'); // the command name may contain spaces and parentheses
            String[] f = s.substring(close + 2).split(" ");
            return Optional.of(new Stat(f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean environContains(long pid, byte[] marker) {
        byte[] env;
        try {
            env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException e) {
            return false;
        }
        // entries are NUL-separated; match a whole entry
        outer:
        for (int i = 0; i + marker.length <= env.length; i++) {
            if (i > 0 && env[i - 1] != 0) {
                continue;
            }
            for (int k = 0; k < marker.length; k++) {
                if (env[i + k] != marker[k]) {
                    continue outer;
                }
            }
            if (i + marker.length == env.length || env[i + marker.length] == 0) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> firstExisting(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
