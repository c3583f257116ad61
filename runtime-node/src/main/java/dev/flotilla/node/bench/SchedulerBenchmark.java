package dev.flotilla.node.bench;

import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.GetOptions;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import dev.flotilla.node.engine.EngineService;
import dev.flotilla.node.engine.ModelRulesResolver;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code flotilla bench scheduler [machines] [units]}: the engine at scale. A real store member (in-process), one
 * real engine, and simulated machines — each with its own store client, machine record and a watch on its own
 * schedule, as a real agent has, but reporting units as running instead of starting processes. Prints the time to
 * place every unit, decisions per second, store writes per placement, and the reschedule time after 20 machines
 * vanish.
 */
public final class SchedulerBenchmark {
    private SchedulerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int machines = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int units = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int vanish = Math.min(20, machines / 2);
        Path dir = Files.createTempDirectory("flotilla-sched-bench");
        int client = freePort(), peer = freePort();
        NodeConfig c = new NodeConfig();
        c.name = "bench";
        c.dataDir = dir.resolve("store").toFile();
        c.listenClientUrls = List.of(URI.create("http://127.0.0.1:" + client));
        c.advertiseClientUrls = c.listenClientUrls;
        c.listenPeerUrls = List.of(URI.create("http://127.0.0.1:" + peer));
        c.initialAdvertisePeerUrls = c.listenPeerUrls;
        try (FlotillaNode node = new FlotillaNode(c)) {
            node.start();
            KeysClient store = client(c.advertiseClientUrls);
            awaitWritable(store);
            System.out.printf("scheduler benchmark: %d simulated machines, %d units, 1-member store on loopback%n",
                    machines, units);

            // machines: a record each and an agent-like watcher on its own schedule directory
            AtomicBoolean running = new AtomicBoolean(true);
            Map<String, Boolean> scheduled = new ConcurrentHashMap<>();
            List<String> ids = new ArrayList<>();
            List<Thread> agents = new ArrayList<>();
            for (int i = 0; i < machines; i++) {
                String id = String.format("%032x", i + 1);
                ids.add(id);
                KeysClient own = client(c.advertiseClientUrls);
                own.set(Keyspace.machine(id), Records.write(new Records.Machine(id, "127.0.0.1", "sim" + i,
                        Map.of("zone", "z" + (i % 4), "disk", i % 3 == 0 ? "hdd" : "ssd"), null, "bench", null, null,
                        null)));
                Thread t = new Thread(() -> followSchedule(own, id, scheduled, running), "sim-agent-" + i);
                t.setDaemon(true);
                t.start();
                agents.add(t);
            }

            // units: a mix of rules, submitted in parallel as clients would
            Random rnd = new Random(42);
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<?>> submits = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < units; i++) {
                int kind = rnd.nextInt(10);
                String name;
                String xfleet;
                if (kind < 3) {
                    int app = rnd.nextInt(units / 50 + 1);
                    name = "app" + app + "@" + i + ".service";
                    xfleet = "Conflicts=app" + app + "@*.service\n";
                } else if (kind < 5) {
                    name = "md" + i + ".service";
                    xfleet = "MachineMetadata=zone=z1\nMachineMetadata=zone=z2\nMachineMetadata=disk=ssd\n";
                } else {
                    name = "plain" + i + ".service";
                    xfleet = "";
                }
                String text = "[Service]\nExecStart=/bin/true\n" + (xfleet.isEmpty() ? "" : "\n[X-Fleet]\n" + xfleet);
                submits.add(pool.submit(() -> {
                    store.set(Keyspace.unitFile(name), text);
                    store.set(Keyspace.unitDesired(name), "launched");
                    return null;
                }));
            }
            for (Future<?> f : submits) f.get();
            long submitted = System.nanoTime();
            System.out.printf("submitted %d units (2 writes each) in %.1f s%n", units, (submitted - t0) / 1e9);

            // the engine starts on a full registry: the worst case, a new leader taking over a busy cluster
            EngineService engine = new EngineService(store, "bench-engine", new ModelRulesResolver(),
                    Duration.ofSeconds(10));
            long e0 = System.nanoTime();
            engine.start();
            awaitCount(scheduled, units, Duration.ofMinutes(5));
            long placed = System.nanoTime();
            double secs = (placed - e0) / 1e9;
            System.out.printf("placed all %d units in %.2f s (goal: under 10 s): %.0f decisions/s, %.2f store writes "
                            + "per placement, no full-tree read per change%n", units, secs, engine.decisions() / secs,
                    engine.storeWrites() / (double) Math.max(1, engine.decisions()));

            // 20 machines vanish: their records are deleted as a lapsed TTL would
            long writesBefore = engine.storeWrites();
            List<String> gone = ids.subList(0, vanish);
            long onGone = scheduled.keySet().stream().filter(k -> gone.contains(k.substring(0, 32))).count();
            long r0 = System.nanoTime();
            for (String id : gone) store.delete(Keyspace.machine(id), DeleteOptions.DEFAULT);
            awaitRescheduled(scheduled, gone, units, Duration.ofMinutes(5));
            System.out.printf("after %d machines vanished: %d units rescheduled in %.2f s (%d store writes)%n",
                    vanish, onGone, (System.nanoTime() - r0) / 1e9, engine.storeWrites() - writesBefore);
            running.set(false);
            engine.close();
            pool.shutdownNow();
        }
    }

    /** What an agent does for its machine, minus running processes: follow the schedule directory. */
    private static void followSchedule(KeysClient store, String id, Map<String, Boolean> scheduled, AtomicBoolean running) {
        long index = 0;
        while (running.get()) {
            try {
                if (index == 0) {
                    try {
                        KeysResult r = store.get(Keyspace.scheduleDir(id), new GetOptions(true, false, false));
                        for (KeyNode n : r.node().children()) scheduled.put(id + "/" + Keyspace.last(n.key()), true);
                        index = r.etcdIndex();
                    } catch (dev.flotilla.core.client.EtcdException e) {
                        index = e.error().index();
                    }
                }
                KeysResult ev = store.waitFor(Keyspace.scheduleDir(id), true, index + 1);
                index = ev.node().modifiedIndex();
                String key = id + "/" + Keyspace.last(ev.node().key());
                if (ev.action().contains("elete") || ev.action().equals("expire")) scheduled.remove(key);
                else scheduled.put(key, true);
            } catch (dev.flotilla.core.client.EtcdException e) {
                index = 0; // history window passed: read the directory again
            } catch (ClientException e) {
                sleep(100);
            }
        }
    }

    private static void awaitCount(Map<String, Boolean> scheduled, int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (scheduled.size() < n && System.nanoTime() < end) sleep(20);
        if (scheduled.size() < n) throw new IllegalStateException("only " + scheduled.size() + " of " + n + " placed");
    }

    private static void awaitRescheduled(Map<String, Boolean> scheduled, List<String> gone, int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            long live = scheduled.keySet().stream().filter(k -> !gone.contains(k.substring(0, 32))).count();
            if (live >= n) return;
            sleep(20);
        }
        throw new IllegalStateException("units of vanished machines not all rescheduled");
    }

    private static KeysClient client(List<URI> endpoints) throws Exception {
        return KeysClient.create(ClientConfig.builder().endpoints(endpoints).requestTimeout(Duration.ofSeconds(30))
                .build());
    }

    private static void awaitWritable(KeysClient store) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                store.set("/_flotilla/bench-ready", "1");
                return;
            } catch (ClientException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the store did not become writable");
    }


    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
