package dev.flotilla.node.machine;

import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.SetOptions;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.MetadataOverrides;
import dev.flotilla.node.cluster.Records;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this machine's record alive in the store: written with a TTL, then refreshed (a refresh does not wake
 * watchers, so heartbeats cost the engine nothing). When the record lapsed (this machine was cut off), it is written
 * again, which the engine sees as the machine coming back.
 */
public final class MachineRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MachineRegistration.class);

    private final KeysClient store;
    private final Supplier<Records.Machine> record;
    private final Duration ttl;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flotilla-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastWritten;

    /**
     * @param record the current record (called on every heartbeat: a changed record, e.g. Docker info, is rewritten)
     * @param ttl    how long the record outlives a silent machine (fleet's agent-ttl)
     */
    public MachineRegistration(KeysClient store, Supplier<Records.Machine> record, Duration ttl) {
        this.store = store;
        this.record = record;
        this.ttl = ttl;
    }

    public void start() {
        long period = Math.max(200, ttl.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        Records.Machine m = record.get();
        String value = Records.write(m);
        String key = Keyspace.machine(m.id());
        long ttlSeconds = Math.max(1, ttl.toSeconds());
        try {
            if (value.equals(lastWritten)) {
                store.set(key, null, SetOptions.DEFAULT.withPrevExist(true).withTtl(ttlSeconds).withRefresh(true));
            } else {
                store.set(key, withOperatorMetadata(m), SetOptions.DEFAULT.withTtl(ttlSeconds));
                lastWritten = value;
            }
        } catch (EtcdException e) {
            // the record lapsed: write it in full again
            lastWritten = null;
            LOG.info("machine record " + key + " had lapsed (" + e.getMessage() + "); registering again");
            try {
                beatQuietly(key, withOperatorMetadata(m), ttlSeconds);
                lastWritten = value;
            } catch (ClientException again) {
                LOG.debug("heartbeat: store unavailable", again);
            }
        } catch (ClientException e) {
            LOG.debug("heartbeat: store unavailable", e);
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed", e);
        }
    }

    private void beatQuietly(String key, String value, long ttlSeconds) throws ClientException {
        store.set(key, value, SetOptions.DEFAULT.withTtl(ttlSeconds));
    }

    /**
     * The record as written: the machine's metadata changed by what operators set through the fleet API
     * ({@link MetadataOverrides}), so the engine places by it. Read only on full writes, not on refreshes.
     */
    private String withOperatorMetadata(Records.Machine m) throws ClientException {
        java.util.Map<String, String> overrides = MetadataOverrides.read(store, m.id());
        if (overrides.isEmpty()) return Records.write(m);
        return Records.write(new Records.Machine(m.id(), m.primaryIP(), m.hostname(),
                MetadataOverrides.merge(m.metadata(), overrides), m.clientURL(), m.version(), m.docker(),
                m.sshAuthorizedKeys(), m.users()));
    }

    /** Stops heart-beating; the record lapses after the TTL unless {@code withdraw} removes it at once. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
