package dev.flotilla.node.agent.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A Docker engine reached through docker-java's Apache HttpClient 5 transport.
 *
 * <p>Two clients share the engine: one for control calls, with a response timeout so that a hung engine fails a
 * unit instead of hanging it, and one without a timeout for the long-lived streams (log follow, wait), which are
 * legitimately silent for as long as a container is quiet.
 */
public final class DockerEngine implements AutoCloseable {
    /** The label every container the agent creates carries, with the unit name as value. */
    public static final String UNIT_LABEL = "dev.flotilla.unit";
    private static final String DEFAULT_SOCKET = "/var/run/docker.sock";

    private final String host;
    private final DockerClient control;
    private final DockerClient streams;

    private DockerEngine(String host) {
        this.host = host;
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).build();
        this.control = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).maxConnections(20)
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60)).build());
        this.streams = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).maxConnections(200)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    /**
     * The engine address of this machine: {@code DOCKER_HOST} when set, else the default socket when it exists.
     *
     * @param environment the process environment (normally {@link System#getenv()})
     */
    public static Optional<String> detectHost(Map<String, String> environment) {
        String env = environment.get("DOCKER_HOST");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        return Files.exists(Path.of(DEFAULT_SOCKET)) ? Optional.of("unix://" + DEFAULT_SOCKET) : Optional.empty();
    }

    /** A client for the engine at {@code host} ({@code unix:///path} or {@code tcp://host:port}); connects lazily. */
    public static DockerEngine connect(String host) throws ContainerException {
        try {
            return new DockerEngine(host);
        } catch (RuntimeException e) {
            throw new ContainerException("invalid Docker host '" + host + "': " + e.getMessage(), e);
        }
    }

    public String host() {
        return host;
    }

    /** Version, containers and images of the engine; fails when it is unreachable. */
    public DockerEngineInfo info() throws ContainerException {
        try {
            Version v = control.versionCmd().exec();
            Info i = control.infoCmd().exec();
            return new DockerEngineInfo(host, v.getVersion(), v.getApiVersion(), v.getOperatingSystem(), v.getArch(),
                    n(i.getContainers()), n(i.getContainersRunning()), n(i.getImages()));
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private ContainerException unreachable(RuntimeException e) {
        return new ContainerException("Docker engine at " + host + " is unreachable: " + rootMessage(e), e);
    }

    /** The innermost message of a failure chain, which is where docker-java puts the engine's or socket's words. */
    public static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
        return m;
    }

    /**
     * Creates and starts a container for a unit, replacing any container of the same name (as Quadlet's
     * {@code --replace}). The image must be present or pullable.
     *
     * @return the container id
     */
    public String createAndStart(String name, ContainerSpec spec, String unit, int stopSignal)
            throws ContainerException {
        ensureImage(spec.image());
        removeIfExists(name);
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(UNIT_LABEL, unit);
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        HostConfig hostConfig = HostConfig.newHostConfig().withInit(true); // a shell ignoring SIGTERM still stops
        List<ExposedPort> exposed = new ArrayList<>();
        if (!spec.publishPorts().isEmpty()) {
            List<PortBinding> bindings = new ArrayList<>();
            for (String p : spec.publishPorts()) {
                try {
                    PortBinding b = PortBinding.parse(p);
                    bindings.add(b);
                    exposed.add(b.getExposedPort());
                } catch (RuntimeException e) {
                    throw new ContainerException("[Container] PublishPort=" + p
                            + ": expected [[ip:][hostPort]:]containerPort[/tcp|/udp]", e);
                }
            }
            hostConfig.withPortBindings(new Ports(bindings.toArray(PortBinding[]::new)));
        }
        if (!spec.volumes().isEmpty()) {
            List<Bind> binds = new ArrayList<>();
            for (String v : spec.volumes()) {
                try {
                    binds.add(Bind.parse(v));
                } catch (RuntimeException e) {
                    throw new ContainerException("[Container] Volume=" + v
                            + ": expected source:containerPath[:ro|:rw]", e);
                }
            }
            hostConfig.withBinds(binds);
        }
        if (spec.network() != null && !spec.network().isBlank()) {
            hostConfig.withNetworkMode(spec.network());
        }
        String id;
        try {
            CreateContainerCmd create = control.createContainerCmd(spec.image()).withName(name).withLabels(labels)
                    .withEnv(env).withHostConfig(hostConfig).withStopSignal(Integer.toString(stopSignal));
            if (!spec.exec().isEmpty()) {
                create.withCmd(spec.exec());
            }
            if (!exposed.isEmpty()) {
                create.withExposedPorts(exposed);
            }
            id = create.exec().getId();
        } catch (RuntimeException e) {
            throw new ContainerException("cannot create container " + name + " from " + spec.image() + ": "
                    + rootMessage(e), e);
        }
        try {
            control.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            remove(id);
            throw new ContainerException("cannot start container " + name + ": " + rootMessage(e), e);
        }
        return id;
    }

    private void ensureImage(String image) throws ContainerException {
        try {
            control.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException e) {
            // pull below
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        String repo = tagged ? image.substring(0, colon) : image;
        String tag = tagged ? image.substring(colon + 1) : "latest";
        try {
            boolean done = control.pullImageCmd(repo).withTag(tag).exec(new PullImageResultCallback())
                    .awaitCompletion(5, TimeUnit.MINUTES);
            if (!done) {
                throw new ContainerException("image " + image + " is not present and pulling it took over 5 min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("interrupted while pulling image " + image, e);
        } catch (RuntimeException e) {
            throw new ContainerException("image " + image + " is not present and cannot be pulled: "
                    + rootMessage(e), e);
        }
    }

    /** The container called {@code nameOrId}, if any. */
    public Optional<ContainerState> inspect(String nameOrId) throws ContainerException {
        try {
            InspectContainerResponse r = control.inspectContainerCmd(nameOrId).exec();
            InspectContainerResponse.ContainerState s = r.getState();
            boolean running = s != null && Boolean.TRUE.equals(s.getRunning());
            int code = s == null || s.getExitCodeLong() == null ? 0 : s.getExitCodeLong().intValue();
            return Optional.of(new ContainerState(r.getId(), running, code));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    private void removeIfExists(String name) throws ContainerException {
        Optional<ContainerState> old = inspect(name);
        if (old.isPresent()) {
            remove(old.get().id());
        }
    }

    /**
     * Follows a container's stdout and stderr from {@code sinceEpochSeconds} (0: from its start), line by line.
     *
     * @param sink receives (isStderr, line)
     * @return closing it stops following; {@code awaitCompletion} waits for the last lines after the container ended
     */
    public ResultCallback.Adapter<Frame> followLogs(String id, int sinceEpochSeconds, BiConsumer<Boolean, String> sink) {
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private final ByteArrayOutputStream err = new ByteArrayOutputStream();

            @Override
            public void onNext(Frame frame) {
                boolean isErr = frame.getStreamType() == StreamType.STDERR;
                ByteArrayOutputStream buf = isErr ? err : out;
                for (byte b : frame.getPayload()) {
                    if (b == '\n') {
                        emit(buf, isErr);
                    } else {
                        buf.write(b);
                    }
                }
            }

            private void emit(ByteArrayOutputStream buf, boolean isErr) {
                String line = buf.toString(StandardCharsets.UTF_8);
                buf.reset();
                sink.accept(isErr, line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }

            @Override
            public void onComplete() {
                if (out.size() > 0) {
                    emit(out, false);
                }
                if (err.size() > 0) {
                    emit(err, true);
                }
                super.onComplete();
            }
        };
        var cmd = streams.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true);
        if (sinceEpochSeconds > 0) {
            cmd.withSince(sinceEpochSeconds);
        }
        cmd.exec(callback);
        return callback;
    }

    /**
     * Completes with the container's exit code when it stops (exceptionally when the engine cannot tell, e.g. it
     * became unreachable).
     */
    public CompletableFuture<Integer> waitExit(String id) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(streams.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "docker-wait-" + id.substring(0, Math.min(12, id.length())));
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Sends a signal to a running container; a stopped container is left alone. */
    public void signal(String id, int signal) throws ContainerException {
        try {
            control.killContainerCmd(id).withSignal(Integer.toString(signal)).exec();
        } catch (NotFoundException | NotModifiedException e) {
            // already gone
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            // not running any more
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Removes a container (forcibly, so a running one is killed first). */
    public void remove(String id) throws ContainerException {
        try {
            control.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            // removal already in progress
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    @Override
    public void close() {
        try {
            control.close();
            streams.close();
        } catch (IOException e) {
            // closing connections; nothing to report
        }
    }
}
