package dev.flotilla.node.agent;

import dev.flotilla.node.agent.container.ContainerException;
import dev.flotilla.node.agent.container.DockerEngine;
import dev.flotilla.node.agent.process.ProcessTree;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The main process of a running service, whatever it is: a child process, a re-adopted process, a container. */
abstract class MainProcess {

    /** PID, 0 for a container. */
    abstract long pid();

    /** Container id, null for a process. */
    String containerId() {
        return null;
    }

    /** Completes with how it ended. */
    abstract CompletableFuture<ExitStatus> exit();

    /** Delivers a signal to a container (processes are signalled by process group, see ServiceUnit). */
    void signal(int signal) {
    }

    /** Releases what follows it (log streams); waits briefly for output that is still in flight. */
    void release() {
    }

    /** A child process of this JVM: its exit status is known. */
    static MainProcess child(Process p) {
        CompletableFuture<ExitStatus> exit = p.onExit().thenApply(x -> ExitStatus.fromExitValue(x.exitValue()));
        return new MainProcess() {
            long pid() {
                return p.pid();
            }

            CompletableFuture<ExitStatus> exit() {
                return exit;
            }
        };
    }

    /**
     * A process that is not (or no longer known to be) this JVM's child, e.g. re-adopted after an agent restart or
     * named by a PIDFile: its end is observed, its status cannot be collected.
     */
    static MainProcess adopted(ProcessHandle h) {
        CompletableFuture<ExitStatus> exit = h.onExit().thenApply(x -> ExitStatus.UNKNOWN);
        return new MainProcess() {
            long pid() {
                return h.pid();
            }

            CompletableFuture<ExitStatus> exit() {
                return exit;
            }
        };
    }

    private static final ScheduledExecutorService GROUP_WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "forking-group-watch");
        t.setDaemon(true);
        return t;
    });

    /**
     * A Type=forking service without a usable PIDFile: it runs as long as any process of the invocation does.
     * There is no event for "last process of a group exited" without cgroups, so this checks /proc every 500 ms.
     */
    static MainProcess group(Set<Long> pgids, String invocationId, long representativePid) {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        var task = GROUP_WATCH.scheduleWithFixedDelay(() -> {
            if (ProcessTree.members(pgids, invocationId).isEmpty()) {
                exit.complete(ExitStatus.UNKNOWN);
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        exit.whenComplete((a, b) -> task.cancel(false));
        return new MainProcess() {
            long pid() {
                return representativePid;
            }

            CompletableFuture<ExitStatus> exit() {
                return exit;
            }
        };
    }

    /** A container started (or found running) for a [Container] unit, its logs followed. */
    static MainProcess container(DockerEngine engine, String id, ResultCallback.Adapter<Frame> logs,
                                 CompletableFuture<Integer> waited) {
        CompletableFuture<ExitStatus> exit = waited.handle((code, failure) ->
                failure != null || code == null ? ExitStatus.UNKNOWN : ExitStatus.fromExitValue(code));
        return new MainProcess() {
            long pid() {
                return 0;
            }

            @Override
            String containerId() {
                return id;
            }

            CompletableFuture<ExitStatus> exit() {
                return exit;
            }

            @Override
            void signal(int signal) {
                try {
                    engine.signal(id, signal);
                } catch (ContainerException e) {
                    // engine gone: nothing can be signalled; the stop continues and reports what it sees
                }
            }

            @Override
            void release() {
                try {
                    if (exit.isDone()) {
                        logs.awaitCompletion(1, TimeUnit.SECONDS);
                    }
                    logs.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    // closing a stream
                }
            }
        };
    }
}
