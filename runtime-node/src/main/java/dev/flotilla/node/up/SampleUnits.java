package dev.flotilla.node.up;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.check.UnitChecker;
import dev.flotilla.node.cluster.Keyspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The units {@code flotilla up} starts on a new demo cluster: a process unit with a live journal, a template with
 * two instances that may not share a machine, and a global unit. A cluster that already has them keeps its own.
 */
public final class SampleUnits {
    /** unit name → the sample file it is made from (instances come from their template). */
    static final Map<String, String> UNITS = new LinkedHashMap<>();
    static {
        UNITS.put("hello.service", "hello.service");
        UNITS.put("web@1.service", "web@.service");
        UNITS.put("web@2.service", "web@.service");
        UNITS.put("heartbeat.service", "heartbeat.service");
    }

    private SampleUnits() {}

    public static void submit(KeysClient store, PrintStream out) throws IOException, ClientException {
        for (Map.Entry<String, String> u : UNITS.entrySet()) {
            String text = read(u.getValue());
            List<Diagnostic> errors = UnitChecker.check(u.getValue(), u.getKey(),
                    text.getBytes(StandardCharsets.UTF_8)).diagnostics().stream().filter(Diagnostic::isError).toList();
            if (!errors.isEmpty()) {
                throw new IOException("sample unit " + u.getValue() + " is invalid: " + errors.get(0).format());
            }
            try {
                store.create(Keyspace.unitFile(u.getKey()), text, 0);
                store.set(Keyspace.unitDesired(u.getKey()), "launched");
                out.println("submitted and started " + u.getKey());
            } catch (EtcdException e) {
                if (e.errorCode() != EtcdError.NODE_EXIST) throw e;
                out.println(u.getKey() + " already submitted (kept as it is)");
            }
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = SampleUnits.class.getResourceAsStream("samples/" + resource)) {
            if (in == null) throw new IOException("missing sample unit " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
