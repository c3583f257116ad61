package dev.flotilla.node.boot;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.node.cluster.Keyspace;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the boot units into the keyspace through the node's own client URL, as {@code submit} and {@code start}
 * would: {@code units/<name>/file} is created once (unit files are immutable once submitted), then
 * {@code units/<name>/desired} is set. Runs on its own thread and retries while the cluster has no leader yet (the
 * members of a new cluster start at about the same time).
 */
public final class UnitSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(UnitSubmitter.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private UnitSubmitter() {
    }

    /** What became of one unit. */
    public record Submitted(String name, String desired, boolean fileWritten, String note) {
    }

    /**
     * Starts submitting; the future completes with every unit's outcome once all are written (or exceptionally
     * when the thread is interrupted, e.g. the node stops first).
     */
    public static CompletableFuture<List<Submitted>> submitAsync(URI clientUrl, String machineId,
                                                               List<BootUnits.Planned> units) {
        return submitAsync(ClientConfig.builder().endpoint(clientUrl), machineId, units);
    }

    /**
     * @param client the node's own client settings ({@code FlotillaNode.selfClient}): its CA and certificate for
     *               https client URLs, and its credentials, so boot units are submitted with auth on too
     */
    public static CompletableFuture<List<Submitted>> submitAsync(ClientConfig.Builder client, String machineId,
                                                               List<BootUnits.Planned> units) {
        CompletableFuture<List<Submitted>> done = new CompletableFuture<>();
        if (units.isEmpty()) {
            done.complete(List.of());
            return done;
        }
        Thread t = new Thread(() -> {
            try {
                done.complete(submit(client, machineId, units));
            } catch (InterruptedException e) {
                done.completeExceptionally(e);
            } catch (RuntimeException e) {
                LOG.error("boot units: {}", e.toString());
                done.completeExceptionally(e);
            }
        }, "boot-units");
        t.setDaemon(true);
        t.start();
        return done;
    }

    static List<Submitted> submit(ClientConfig.Builder client, String machineId, List<BootUnits.Planned> units)
            throws InterruptedException {
        KeysClient keys;
        try {
            keys = KeysClient.create(client.requestTimeout(Duration.ofSeconds(5)).totalTimeout(Duration.ofSeconds(15))
                    .build());
        } catch (dev.flotilla.core.client.ConfigException e) {
            throw new IllegalStateException("boot units: bad client settings: " + e.getMessage(), e);
        }
        List<Submitted> out = new ArrayList<>();
        for (BootUnits.Planned u : units) {
            out.add(retrying(() -> submitOne(keys, machineId, u), u.name()));
        }
        return out;
    }

    private static Submitted submitOne(KeysClient keys, String machineId, BootUnits.Planned u)
            throws ClientException {
        String file = u.fileFor(machineId);
        boolean written;
        try {
            keys.create(Keyspace.unitFile(u.name()), file, 0);
            written = true;
        } catch (EtcdException e) {
            if (e.errorCode() != EtcdError.NODE_EXIST) {
                throw e;
            }
            String existing = keys.get(Keyspace.unitFile(u.name())).node().value();
            if (!file.equals(existing)) {
                // someone else's unit (or this machine's from an older cloud-config): never overwrite it
                String note = u.name() + " is already submitted with other content; left as it is, not started";
                LOG.warn("boot units: {}", note);
                return new Submitted(u.name(), u.desired(), false, note);
            }
            written = false;
        }
        keys.set(Keyspace.unitDesired(u.name()), u.desired());
        LOG.info("boot units: {} {} on this machine ({})", u.name(),
                u.desired().equals("launched") ? "started" : "loaded", written ? "submitted" : "already submitted");
        return new Submitted(u.name(), u.desired(), written, "");
    }

    private interface Attempt {
        Submitted run() throws ClientException;
    }

    private static Submitted retrying(Attempt a, String unit) throws InterruptedException {
        long backoff = 200;
        while (true) {
            try {
                return a.run();
            } catch (EtcdException e) {
                if (e.errorCode() >= 300) { // Raft internal / leader election: the cluster is still forming
                    LOG.info("boot units: {} not written yet ({}); retrying", unit, e.getMessage());
                    Thread.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                    continue;
                }
                // a refusal by the store is final: retrying would get the same answer
                String note = unit + " refused by the store: " + e.getMessage();
                LOG.error("boot units: {}", note);
                return new Submitted(unit, "", false, note);
            } catch (ClientException e) {
                LOG.info("boot units: {} not written yet ({}); retrying", unit, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }
}
