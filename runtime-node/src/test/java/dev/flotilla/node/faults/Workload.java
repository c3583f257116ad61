package dev.flotilla.node.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.node.server.LocalCluster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;

/**
 * A steady client load through the etcd v2 HTTP API of a real cluster, recorded in a {@link History}: several
 * clients, each sending to a different member in turn, mix quorum reads, blind writes and compare-and-swaps on a
 * few registers (fresh register keys every epoch so each key's history stays small enough to check exhaustively),
 * and creates of keys that are never touched again (every acknowledged one must still be there at the end).
 */
public final class Workload implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REGISTERS = "/faults/reg";
    static final String LOG = "/faults/log";

    private final LocalCluster cluster;
    private final History history = new History();
    private final int clients;
    private final double opsPerSecond;
    private final long epochNanos;
    private final int registersPerEpoch;
    /** Which members clients may send to right now (e.g. the live ones). */
    private volatile IntPredicate usable = i -> true;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    /** Log keys whose create was acknowledged, with the value. */
    final Map<String, String> ackedLog = new ConcurrentHashMap<>();
    /** Completion times of acknowledged writes (history clock), with their invoke times: for recovery times. */
    private final List<long[]> ackedWrites = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Workload(LocalCluster cluster, int clients, double opsPerSecond, Duration epoch, int registersPerEpoch) {
        this.cluster = cluster;
        this.clients = clients;
        this.opsPerSecond = opsPerSecond;
        this.epochNanos = epoch.toNanos();
        this.registersPerEpoch = registersPerEpoch;
    }

    public History history() {
        return history;
    }

    public void sendOnlyTo(IntPredicate members) {
        this.usable = members;
    }

    public void start() {
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> run(client), "faults-client-" + c);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** Stops the clients and waits for their last operations to be answered (or time out). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    private void run(int client) {
        SplittableRandom rnd = new SplittableRandom(0xF17A + client);
        long period = (long) (1e9 * clients / opsPerSecond);
        long next = System.nanoTime();
        Map<String, String> lastSeen = new ConcurrentHashMap<>();
        int n = 0;
        int turn = client;
        while (!stop.get()) {
            long now = System.nanoTime();
            if (now < next) {
                sleepNanos(next - now);
            }
            next = Math.max(next + period, System.nanoTime() - period);
            int member = pickMember(turn++);
            String reg = REGISTERS + "/e" + (history.now() / epochNanos) + "-r" + rnd.nextInt(registersPerEpoch);
            String value = "c" + client + "-" + n++;
            int dice = rnd.nextInt(100);
            if (dice < 30) {
                String v = read(client, member, reg);
                if (v != null) {
                    lastSeen.put(reg, v);
                }
            } else if (dice < 55) {
                if (write(client, member, reg, value)) {
                    lastSeen.put(reg, value);
                }
            } else if (dice < 75) {
                if (cas(client, member, reg, lastSeen.getOrDefault(reg, "none"), value)) {
                    lastSeen.put(reg, value);
                }
            } else {
                createLogKey(client, member, LOG + "/" + value, value);
            }
        }
    }

    private int pickMember(int turn) {
        for (int k = 0; k < cluster.size; k++) {
            int m = (turn + k) % cluster.size;
            if (usable.test(m)) {
                return m;
            }
        }
        return turn % cluster.size;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An HTTP answer, or how it failed: refused/unreachable before sending (no effect) or lost (unknown). */
    record Answer(int status, JsonNode body, boolean neverSent) {
        boolean ok() {
            return status == 200 || status == 201;
        }

        int errorCode() {
            return body == null || !body.has("errorCode") ? -1 : body.get("errorCode").asInt();
        }
    }

    Answer send(int member, String method, String pathAndQuery, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.client(member) + pathAndQuery))
                .timeout(Duration.ofSeconds(15));
        if (form == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException notJson) {
                // left null: the status decides
            }
            return new Answer(r.statusCode(), body, false);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return new Answer(-1, null, true);
        } catch (IOException e) {
            return new Answer(-1, null, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, false);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String read(int client, int member, String key) {
        History.Pending p = history.read(client, key);
        Answer a = send(member, "GET", "/v2/keys" + key + "?quorum=true", null);
        if (a.ok() && a.body != null && a.body.path("node").has("value")) {
            String v = a.body.path("node").path("value").asText();
            p.ok(v);
            return v;
        }
        if (a.status == 404 && a.errorCode() == 100) {
            p.ok(null);
            return null;
        }
        if (a.neverSent) {
            p.failed();
        } else {
            p.unknown();
        }
        return null;
    }

    boolean write(int client, int member, String key, String value) {
        History.Pending p = history.write(client, key, value);
        Answer a = send(member, "PUT", "/v2/keys" + key, "value=" + enc(value));
        return finishWrite(p, a, false);
    }

    boolean cas(int client, int member, String key, String expected, String value) {
        History.Pending p = history.cas(client, key, expected, value);
        Answer a = send(member, "PUT", "/v2/keys" + key, "value=" + enc(value) + "&prevValue=" + enc(expected));
        return finishWrite(p, a, true);
    }

    private boolean finishWrite(History.Pending p, Answer a, boolean cas) {
        if (a.ok()) {
            Op op = p.ok();
            synchronized (ackedWrites) {
                ackedWrites.add(new long[] {op.invoke(), op.complete()});
            }
            return true;
        }
        if (cas && (a.errorCode() == 101 || a.errorCode() == 100)) {
            p.compareFailed();
        } else if (a.neverSent) {
            p.failed();
        } else {
            p.unknown();
        }
        return false;
    }

    /** Creates a key nobody writes again; not part of the register history (its own check: present at the end). */
    private void createLogKey(int client, int member, String key, String value) {
        long invoke = history.now();
        Answer a = send(member, "PUT", "/v2/keys" + key, "value=" + enc(value) + "&prevExist=false");
        if (a.ok()) {
            ackedLog.put(key, value);
            synchronized (ackedWrites) {
                ackedWrites.add(new long[] {invoke, history.now()});
            }
        }
    }

    /**
     * Nanoseconds from {@code since} (history clock) until the first write sent at or after it was acknowledged;
     * -1 when none was.
     */
    public long recoveryAfter(long since) {
        long best = Long.MAX_VALUE;
        synchronized (ackedWrites) {
            for (long[] w : ackedWrites) {
                if (w[0] >= since && w[1] < best) {
                    best = w[1];
                }
            }
        }
        return best == Long.MAX_VALUE ? -1 : best - since;
    }

    public int acknowledged() {
        int n = 0;
        for (Op op : history.ops()) {
            if (op.outcome() == Op.Outcome.OK) {
                n++;
            }
        }
        return n + ackedLog.size();
    }

    /** Every register key written so far. */
    public Set<String> registerKeys() {
        Set<String> keys = new HashSet<>();
        for (Op op : history.ops()) {
            keys.add(op.key());
        }
        return keys;
    }

    /**
     * After the faults: a quorum read of every register through every member (added to the history, so the final
     * state is checked too), and the acknowledged log keys that some member does not have.
     */
    public Set<String> finalCheck(int finalClient) {
        for (String key : registerKeys()) {
            for (int m = 0; m < cluster.size; m++) {
                read(finalClient, m, key);
            }
        }
        Set<String> lost = new HashSet<>();
        for (int m = 0; m < cluster.size; m++) {
            Answer a = send(m, "GET", "/v2/keys" + LOG + "?recursive=true&quorum=true", null);
            if (!a.ok()) {
                throw new AssertionError("member " + m + " cannot list " + LOG + ": " + a.status + " " + a.body
                        + "\n" + cluster.logTail(m));
            }
            Map<String, String> present = new java.util.HashMap<>();
            for (JsonNode node : a.body.path("node").path("nodes")) {
                present.put(node.path("key").asText(), node.path("value").asText());
            }
            for (Map.Entry<String, String> e : ackedLog.entrySet()) {
                if (!e.getValue().equals(present.get(e.getKey()))) {
                    lost.add(e.getKey() + " on " + cluster.name(m));
                }
            }
        }
        return lost;
    }
}
