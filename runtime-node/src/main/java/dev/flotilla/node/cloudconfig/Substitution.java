package dev.flotilla.node.cloudconfig;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces {@code $public_ipv4}, {@code ${public_ipv4}}, {@code $private_ipv4} and {@code ${private_ipv4}} in
 * string values. Done on parsed values rather than on the raw text (as coreos-cloudinit did) so that every
 * line and column reported stays true to the file. A variable with no known address is left as written and
 * reported once.
 */
final class Substitution {

    private final Addresses addresses;
    private final Diagnostics diagnostics;
    private final Set<String> reported = new HashSet<>();

    Substitution(Addresses addresses, Diagnostics diagnostics) {
        this.addresses = addresses;
        this.diagnostics = diagnostics;
    }

    String apply(String value, Position at, String path) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        String out = replace(value, "public_ipv4", addresses.publicIpv4(), at, path, "--public-ipv4");
        return replace(out, "private_ipv4", addresses.privateIpv4(), at, path, "--private-ipv4");
    }

    private String replace(String value, String variable, Optional<String> address, Position at, String path,
            String flag) {
        String braced = "${" + variable + "}";
        String plain = "$" + variable;
        if (!value.contains(plain) && !value.contains(braced)) {
            return value;
        }
        if (address.isEmpty()) {
            if (reported.add(variable)) {
                diagnostics.warning(at, path, plain + " is used but no " + variable.replace('_', ' ')
                        + " address is known (give " + flag + "); left as written");
            }
            return value;
        }
        return value.replace(braced, address.get()).replace(plain, address.get());
    }
}
