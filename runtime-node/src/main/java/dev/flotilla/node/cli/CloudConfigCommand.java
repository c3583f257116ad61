package dev.flotilla.node.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.flotilla.node.cloudconfig.Addresses;
import dev.flotilla.node.cloudconfig.CloudConfig;
import dev.flotilla.node.cloudconfig.CloudConfigLoader;
import dev.flotilla.node.cloudconfig.Diagnostic;
import dev.flotilla.node.cloudconfig.WriteFilesApplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flotilla cloud-config}: work with the YAML file a node boots from. */
@Command(name = "cloud-config",
        mixinStandardHelpOptions = true,
        description = "Check the cloud-config a node boots from (./flotilla node --cloud-config FILE).",
        subcommands = {CloudConfigCommand.Validate.class},
        footerHeading = "%nExample:%n",
        footer = "  flotilla cloud-config validate node1.yaml")
public final class CloudConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Only the check a booting node does first: prints every problem, changes nothing. */
    @Command(name = "validate",
            mixinStandardHelpOptions = true,
            description = {"Check a cloud-config file without acting on it.",
                "Prints problems as file:line:col: error|warning: message; exits 1 if there is an error."},
            footerHeading = "%nExample:%n",
            footer = "  flotilla cloud-config validate --public-ipv4 203.0.113.7 node1.yaml")
    static final class Validate implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the cloud-config file")
        Path file;

        @Option(names = "--public-ipv4", paramLabel = "ADDR",
                description = "substituted for $public_ipv4 (default: detected)")
        String publicIpv4;

        @Option(names = "--private-ipv4", paramLabel = "ADDR",
                description = "substituted for $private_ipv4 (default: detected)")
        String privateIpv4;

        @Option(names = "--write-files-root", paramLabel = "DIR",
                description = "also check that write_files can be written under DIR (nothing is written)")
        Path writeFilesRoot;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Addresses addresses = Addresses.of(publicIpv4, privateIpv4).orElse(Addresses.detect());
            CloudConfigLoader.Result result = CloudConfigLoader.load(file, addresses);
            List<Diagnostic> diagnostics = new ArrayList<>(result.diagnostics());
            if (result.ok() && writeFilesRoot != null) {
                diagnostics.addAll(WriteFilesApplier.check(result.config().get(), writeFilesRoot).diagnostics());
            }
            diagnostics.forEach(d -> out.println(d.format()));
            long errors = diagnostics.stream().filter(Diagnostic::isError).count();
            long warnings = diagnostics.size() - errors;
            if (errors > 0) {
                out.println(file + ": invalid: " + plural(errors, "error") + ", " + plural(warnings, "warning"));
                out.flush();
                return 1;
            }
            out.println(file + ": valid (" + plural(warnings, "warning") + "); " + summary(result.config().get()));
            out.flush();
            return 0;
        }

        private static String summary(CloudConfig c) {
            return "hostname " + c.hostname().orElse("(none)")
                    + ", etcd name " + c.etcdName().orElse("(none)")
                    + ", " + plural(c.units().size(), "unit")
                    + ", " + plural(c.writeFiles().size(), "file") + " to write"
                    + ", " + plural(c.users().size(), "user")
                    + ", " + plural(c.sshAuthorizedKeys().size(), "SSH key");
        }

        private static String plural(long n, String word) {
            return n + " " + word + (n == 1 ? "" : "s");
        }
    }
}
