package dev.flotilla.node.cloudconfig;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/**
 * The machine's addresses substituted for {@code $public_ipv4} and {@code $private_ipv4} (also written
 * {@code ${public_ipv4}}), as coreos-cloudinit did. Given explicitly (flags, tests) or {@link #detect() detected}.
 */
public record Addresses(Optional<String> publicIpv4, Optional<String> privateIpv4) {

    public static final Addresses NONE = new Addresses(Optional.empty(), Optional.empty());

    public Addresses {
        publicIpv4 = publicIpv4 == null ? Optional.empty() : publicIpv4.filter(s -> !s.isBlank());
        privateIpv4 = privateIpv4 == null ? Optional.empty() : privateIpv4.filter(s -> !s.isBlank());
    }

    public static Addresses of(String publicIpv4, String privateIpv4) {
        return new Addresses(Optional.ofNullable(publicIpv4), Optional.ofNullable(privateIpv4));
    }

    /** Values given explicitly win; missing ones are taken from {@code fallback}. */
    public Addresses orElse(Addresses fallback) {
        return new Addresses(publicIpv4.or(fallback::publicIpv4), privateIpv4.or(fallback::privateIpv4));
    }

    /**
     * Looks at the up, non-loopback interfaces: the first site-local IPv4 address is the private one, the first
     * other global IPv4 address the public one. A machine with only one kind (a laptop or VM on a private network,
     * a host with only a public address) uses that address for both, so a single-homed machine just works.
     */
    public static Addresses detect() {
        String privateAddr = null;
        String publicAddr = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!(a instanceof Inet4Address) || a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                        continue;
                    }
                    if (a.isSiteLocalAddress()) {
                        privateAddr = privateAddr == null ? a.getHostAddress() : privateAddr;
                    } else {
                        publicAddr = publicAddr == null ? a.getHostAddress() : publicAddr;
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            return NONE; // no interfaces readable: substitution is simply left undone and reported
        }
        if (publicAddr == null) {
            publicAddr = privateAddr;
        } else if (privateAddr == null) {
            privateAddr = publicAddr;
        }
        return of(publicAddr, privateAddr);
    }
}
