package dev.flotilla.node.boot;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The node's boot flags, mixed into {@code flotilla node}: where its cloud-config is and what it needs. */
public final class BootOptions {
    @Option(names = "--cloud-config", paramLabel = "FILE",
            description = "Boot from this #cloud-config file (checked first: the node refuses to start on an error). "
                    + "Flags given on the command line override it.")
    Path cloudConfig;

    @Option(names = "--public-ipv4", paramLabel = "ADDR",
            description = "Substituted for $public_ipv4 in the cloud-config (default: detected).")
    String publicIpv4;

    @Option(names = "--private-ipv4", paramLabel = "ADDR",
            description = "Substituted for $private_ipv4 in the cloud-config (default: detected).")
    String privateIpv4;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The cloud-config's write_files, a relative data-dir and units' WorkingDirectory= and"
                    + " EnvironmentFile= go under DIR, never outside it.")
    Path root;

    @Option(names = "--discovery", paramLabel = "URL",
            description = "Bootstrap through etcd's discovery protocol (a token URL from /new?size=N).")
    String discovery;

    public BootOptions() {
    }

    /** For callers other than picocli (tests, the lead's wiring). */
    public BootOptions(Path cloudConfig, String publicIpv4, String privateIpv4, Path root, String discovery) {
        this.cloudConfig = cloudConfig;
        this.publicIpv4 = publicIpv4;
        this.privateIpv4 = privateIpv4;
        this.root = root;
        this.discovery = discovery;
    }

    public Path cloudConfig() {
        return cloudConfig;
    }

    public Path root() {
        return root;
    }

    public String discovery() {
        return discovery;
    }
}
