package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.FleetMachine;
import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.ConfigException;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.node.cli.CliFailure;
import dev.flotilla.node.cli.GlobalOptions;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What fleetctl's verbs share: the client, fleetctl's messages on stdout/stderr, its machine legends
 * ({@code 113f16a7.../172.17.8.103}), its unit-name handling, and its exit statuses (0 or 1).
 */
abstract class FleetVerb implements Callable<Integer> {
    /** fleetctl exits 1 on any failure. */
    static final int FAILED = 1;
    static final int SHORT_ID = 8;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private FleetClient client;
    private Map<String, FleetMachine> machines;

    FleetClient client() {
        if (client == null) {
            try {
                client = new FleetClient(GlobalOptions.of(spec).transport(err()));
            } catch (ConfigException e) {
                throw new CliFailure(FAILED, "Unable to initialize client: " + e.getMessage());
            }
        }
        return client;
    }

    GlobalOptions globals() {
        return GlobalOptions.of(spec);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** fleetctl's stdout(): one line. */
    void stdout(String line) {
        out().println(line);
        out().flush();
    }

    /** fleetctl's stderr(): one line. */
    void stderr(String line) {
        out().flush();
        err().println(line);
        err().flush();
    }

    /** Ends the verb with fleetctl's message and exit status 1. */
    static CliFailure fail(String message) {
        return new CliFailure(FAILED, message);
    }

    void printJson(Object value) {
        stdout(ApiJson.write(value));
    }

    /** Live machines by ID, read once per command (fleetctl's cachedMachineState). */
    FleetMachine machine(String id) throws ClientException {
        if (machines == null) {
            machines = new HashMap<>();
            for (FleetMachine m : client().machines()) {
                machines.put(m.id(), m);
            }
        }
        return machines.get(id);
    }

    /** fleetctl's machineIDLegend: the ID, or its first 8 characters and "...". */
    static String idLegend(String id, boolean full) {
        return full || id.length() <= SHORT_ID ? id : id.substring(0, SHORT_ID) + "...";
    }

    /** fleetctl's machineFullLegend: {@code 113f16a7.../172.17.8.103}. */
    String fullLegend(String id, boolean full) throws ClientException {
        FleetMachine m = machine(id);
        String legend = idLegend(id, full);
        return m != null && m.primaryIP() != null && !m.primaryIP().isEmpty() ? legend + "/" + m.primaryIP() : legend;
    }

    /** fleetctl's unitNameMangle: the base name, {@code .service} added unless it has a recognised type. */
    static String mangle(String arg) {
        String base = arg.substring(arg.lastIndexOf('/') + 1);
        return withDefaultType(base);
    }

    static String withDefaultType(String arg) {
        for (String t : List.of("service", "socket", "timer", "path", "device", "mount", "automount")) {
            if (arg.endsWith("." + t)) {
                return arg;
            }
        }
        return arg + ".service";
    }

    /** The units among {@code args} that exist, in argument order (fleetctl's findUnits). */
    List<FleetUnit> findUnits(List<String> args) throws ClientException {
        Map<String, FleetUnit> all = new LinkedHashMap<>();
        for (FleetUnit u : client().units()) {
            all.put(u.name(), u);
        }
        return args.stream().map(FleetVerb::mangle).distinct().map(all::get).filter(java.util.Objects::nonNull)
                .toList();
    }

    static boolean isGlobal(FleetUnit u) {
        String last = null;
        for (var o : u.options()) {
            if ("X-Fleet".equals(o.section()) && "Global".equals(o.name())) {
                last = o.value();
            }
        }
        if (last == null) {
            return false;
        }
        String l = last.toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("yes") || l.equals("1") || l.equals("on") || l.equals("t");
    }

    /** Go's fmt %v of a string slice: {@code [a.service b.service]}. */
    static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** The host name the machine reports (journal lines), else its IP or short ID. */
    String hostName(String machineId) throws ClientException {
        if (machineId == null || machineId.isEmpty()) {
            return "-";
        }
        for (var m : client().machineInfos()) {
            if (m.id().equals(machineId) && m.hostname() != null && !m.hostname().isEmpty()) {
                return m.hostname();
            }
        }
        FleetMachine m = machine(machineId);
        return m == null ? idLegend(machineId, false) : m.primaryIP();
    }
}
