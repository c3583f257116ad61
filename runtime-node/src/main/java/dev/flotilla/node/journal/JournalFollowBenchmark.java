package dev.flotilla.node.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Journal follow latency, from {@link Journal#append} to the line arriving at an SSE client over HTTP (a real Jetty
 * server and java.net.http client on loopback), at paced write rates. Not part of the test suite; run with
 * {@code java -cp 'runtime-node/target/flotilla/lib/*' dev.flotilla.node.journal.JournalFollowBenchmark [seconds]}.
 * Prints p50/p99/max per rate; the issue's goal is under 200 ms.
 */
public final class JournalFollowBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("journal-bench");
        try (Journals journals = new Journals(dir.resolve("journal"))) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new JournalHandler(journals));
            server.start();
            try {
                String base = "http://127.0.0.1:" + connector.getLocalPort() + JournalHandler.PREFIX;
                System.out.printf("journal follow latency (append -> SSE client), %d s per rate%n", seconds);
                for (int rate : new int[] {1_000, 10_000}) {
                    run(journals.journal("bench-" + rate + ".service"), base + "bench-" + rate + ".service", rate,
                            seconds);
                }
            } finally {
                server.stop();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Journal journal, String url, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        int warmup = rate; // the first second warms the JIT and the connection
        long[] latencies = new long[total];
        CountDownLatch done = new CountDownLatch(1);
        journal.append(JournalStream.AGENT, "start");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url + "?follow=true&lines=0"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        ObjectMapper json = new ObjectMapper();
        Thread reader = new Thread(() -> {
            int n = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while (n < total && (line = in.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        long now = System.nanoTime();
                        String msg = json.readTree(line.substring(6)).get("message").asText();
                        int sp = msg.indexOf(' ');
                        latencies[Integer.parseInt(msg.substring(0, sp))] = now - Long.parseLong(msg.substring(sp + 1));
                        n++;
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
            done.countDown();
        }, "bench-reader");
        reader.start();
        Thread.sleep(200); // let the subscription settle
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            journal.append(JournalStream.STDOUT, i + " " + System.nanoTime());
            next += interval;
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            System.out.printf("%6d lines/s: follower did not receive every line%n", rate);
            r.body().close();
            return;
        }
        r.body().close();
        long[] measured = Arrays.copyOfRange(latencies, warmup, total);
        Arrays.sort(measured);
        System.out.printf("%6d lines/s: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d lines measured)%n", rate,
                measured[measured.length / 2] / 1e6, measured[(int) (measured.length * 0.99)] / 1e6,
                measured[measured.length - 1] / 1e6, measured.length);
    }
}
