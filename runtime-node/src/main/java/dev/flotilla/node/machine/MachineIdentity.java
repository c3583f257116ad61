package dev.flotilla.node.machine;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The machine ID: 32 lowercase hex digits, created once and kept in {@code <data-dir>/machine-id} so a restarted
 * node is the same machine (fleet took /etc/machine-id; several Flotilla nodes may share one host).
 */
public final class MachineIdentity {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    public static final String FILE = "machine-id";

    private MachineIdentity() {}

    /** Reads the ID from the data directory, creating it on first start. A corrupt file is an error, not replaced. */
    public static String loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!ID.matcher(id).matches()) {
                throw new IOException(file + ": not a machine ID (expected 32 lowercase hex digits, got \""
                        + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "\")");
            }
            return id;
        }
        Files.createDirectories(dataDir);
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    /** fleetctl's short form: the first 8 digits. */
    public static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /**
     * The address others reach this machine at: the given one (public-ip / advertised host) when set, else the first
     * non-loopback IPv4 address of an interface that is up, else 127.0.0.1.
     */
    public static String primaryIp(String configured) {
        if (configured != null && !configured.isBlank()) return configured;
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) return a.getHostAddress();
                }
            }
        } catch (SocketException e) {
            // fall through to loopback: an address is informational, never a reason to refuse to start
        }
        return "127.0.0.1";
    }
}
