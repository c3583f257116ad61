package dev.flotilla.node.cli.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.Health;
import dev.flotilla.core.api.Member;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.ResponseException;
import dev.flotilla.core.client.UnavailableException;
import dev.flotilla.node.cli.CliFailure;
import dev.flotilla.node.cli.ExitCodes;
import dev.flotilla.node.cli.GlobalOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flotilla cluster-health}: asks every member's {@code /health}, printing etcdctl's lines; with
 * {@code --fault-tolerance} (and always in JSON) also how many members the cluster can lose.
 */
@Command(name = "cluster-health", mixinStandardHelpOptions = true,
        description = {"Check the health of the cluster: ask each member's /health.",
                "Exit status 0 when every member is healthy, 5 when the cluster is degraded or unavailable.",
                "",
                "A cluster of N members needs a majority of floor(N/2)+1 to accept writes:",
                "  members  majority  failures tolerated",
                "  1        1         0",
                "  3        2         1",
                "  5        3         2",
                "  7        4         3",
                "An even size tolerates no more failures than the odd size below it."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla cluster-health", "  flotilla cluster-health --fault-tolerance",
                "  flotilla --endpoint http://10.0.0.1:2379 cluster-health -o json"})
public final class ClusterHealthCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--forever", "-f"}, description = "forever check the health every 10 second until CTRL+C")
    boolean forever;

    @Option(names = "--fault-tolerance",
            description = "after the verdict, print the majority and the failures this cluster tolerates")
    boolean faultTolerance;

    /** One member's verdict. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "name", "url", "healthy", "reason"})
    record MemberHealth(String id, String name, String url, boolean healthy, String reason) {
    }

    @JsonPropertyOrder({"healthy", "members", "size", "majority", "failuresTolerated", "healthyMembers"})
    record Report(boolean healthy, List<MemberHealth> members, int size, int majority, int failuresTolerated,
                  int healthyMembers) {
    }

    @Override
    public Integer call() throws Exception {
        GlobalOptions g = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        KeysClient client = g.keysClient(spec.commandLine().getErr());
        List<Member> members;
        try {
            members = client.members();
        } catch (ClientException e) {
            out.print("cluster may be unhealthy: failed to list members\n");
            out.flush();
            throw e;
        }
        while (true) {
            StringBuilder text = new StringBuilder();
            List<MemberHealth> verdicts = new ArrayList<>();
            for (Member m : members) {
                verdicts.add(check(client, m, text));
            }
            int size = members.size();
            int majority = size / 2 + 1;
            int healthyCount = (int) verdicts.stream().filter(MemberHealth::healthy).count();
            boolean all = healthyCount == size;
            // etcdctl 3.4's verdicts: every member healthy, none, or some
            text.append(all ? "cluster is healthy\n" : healthyCount == 0 ? "cluster is unavailable\n"
                    : "cluster is degraded\n");
            if (g.output().isJson()) {
                out.print(ApiJson.write(new Report(all, verdicts, size, majority, size - majority, healthyCount)) + "\n");
            } else {
                out.print(text);
                if (faultTolerance) {
                    out.print(toleranceTable(size, healthyCount));
                }
            }
            out.flush();
            if (!forever) {
                return all ? ExitCodes.SUCCESS : ExitCodes.CLUSTER_NOT_HEALTHY;
            }
            out.print("\nnext check after 10 second...\n\n");
            out.flush();
            Thread.sleep(10_000);
        }
    }

    private static MemberHealth check(KeysClient client, Member m, StringBuilder text) {
        if (m.clientURLs().isEmpty()) {
            text.append("member ").append(m.id()).append(" is unreachable: no available published client urls\n");
            return new MemberHealth(m.id(), m.name(), null, false, "no published client URLs");
        }
        for (String url : m.clientURLs()) {
            Health h;
            try {
                h = client.health(URI.create(url));
            } catch (UnavailableException e) {
                text.append("failed to check the health of member ").append(m.id()).append(" on ").append(url)
                        .append(": ").append(goStyleError(url, e)).append('\n');
                continue;
            } catch (ResponseException e) {
                text.append("failed to check the health of member ").append(m.id()).append(" on ").append(url)
                        .append(": ").append(e.getMessage()).append('\n');
                continue;
            } catch (ClientException e) {
                throw new CliFailure(ExitCodes.BAD_CONNECTION, "Error: " + e.getMessage());
            }
            if (h.healthy()) {
                text.append("member ").append(m.id()).append(" is healthy: got healthy result from ").append(url).append('\n');
                return new MemberHealth(m.id(), m.name(), url, true, null);
            }
            text.append("member ").append(m.id()).append(" is unhealthy: got unhealthy result from ").append(url).append('\n');
            return new MemberHealth(m.id(), m.name(), url, false,
                    h.reason() == null || h.reason().isEmpty() ? "unhealthy" : h.reason());
        }
        text.append("member ").append(m.id()).append(" is unreachable: [").append(String.join(" ", m.clientURLs()))
                .append("] are all unreachable\n");
        return new MemberHealth(m.id(), m.name(), null, false, "all client URLs unreachable");
    }

    /** The failure in the words etcdctl's Go HTTP client uses, so the lines read the same. */
    private static String goStyleError(String url, UnavailableException e) {
        String reason = e.failures().isEmpty() ? e.getMessage() : e.failures().get(0).reason();
        URI u = URI.create(url);
        if (reason.equals("connection refused")) {
            reason = "dial tcp " + u.getHost() + ":" + u.getPort() + ": connect: connection refused";
        }
        return "Get \"" + url + "/health\": " + reason;
    }

    static String toleranceTable(int size, int healthy) {
        int majority = size / 2 + 1;
        StringBuilder b = new StringBuilder("\nfault tolerance of this cluster:\n");
        b.append(String.format("%-9s%-10s%s%n", "MEMBERS", "MAJORITY", "FAILURES TOLERATED"));
        int rows = Math.max(7, size);
        for (int n = 1; n <= rows; n++) {
            String row = String.format("%-9d%-10d%d", n, n / 2 + 1, n - (n / 2 + 1));
            b.append(n == size ? row + "   <- this cluster" : row).append('\n');
        }
        int spare = healthy - majority;
        b.append(healthy).append(" of ").append(size).append(" members healthy; ");
        if (spare >= 0) {
            b.append("the cluster can lose ").append(spare).append(" more member").append(spare == 1 ? "" : "s")
                    .append(" and keep its majority of ").append(majority).append('\n');
        } else {
            b.append("below the majority of ").append(majority).append(": writes cannot be committed\n");
        }
        return b.toString().replace("\r\n", "\n");
    }
}
