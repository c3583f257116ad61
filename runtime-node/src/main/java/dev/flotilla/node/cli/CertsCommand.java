package dev.flotilla.node.cli;

import dev.flotilla.node.tls.CertMaker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flotilla certs make-ca|make-cert}: a throw-away PKI for a test or private cluster, so TLS can be turned
 * on without openssl recipes. Files are PEM: {@code NAME.pem} and {@code NAME-key.pem} (PKCS#8, mode 600).
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Make a CA and the node and client certificates it signs (PEM files), for TLS on client and "
                + "peer URLs and for client-certificate auth."},
        subcommands = {CertsCommand.MakeCa.class, CertsCommand.MakeCert.class},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla certs make-ca --dir pki",
                "  flotilla certs make-cert --dir pki --ip 10.0.0.1 n1",
                "  flotilla certs make-cert --dir pki --client alice"})
public final class CertsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "make-ca", mixinStandardHelpOptions = true,
            description = "Make a CA: DIR/ca.pem (give it to every node and client as the trusted CA) and DIR/ca-key.pem.",
            footerHeading = "%nExample:%n", footer = "  flotilla certs make-ca --dir pki --days 365")
    static final class MakeCa implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where to write the files.")
        Path dir;

        @Option(names = "--cn", defaultValue = "flotilla-ca", paramLabel = "NAME",
                description = "The CA's common name. Default: ${DEFAULT-VALUE}.")
        String cn;

        @Option(names = "--days", defaultValue = "365", paramLabel = "N", description = "Validity. Default: ${DEFAULT-VALUE}.")
        int days;

        @Option(names = "--force", description = "Replace an existing CA (certificates it signed stop being trusted).")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (days < 1) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error: --days " + days + ": must be at least 1");
            }
            if (Files.exists(dir.resolve("ca.pem")) && !force) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error: " + dir.resolve("ca.pem")
                        + " exists; nothing written (--force replaces it)");
            }
            List<Path> files = CertMaker.write(CertMaker.makeCa(cn, Duration.ofDays(days)), dir, "ca");
            PrintWriter out = spec.commandLine().getOut();
            files.forEach(f -> out.println("wrote " + f));
            out.flush();
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "make-cert", mixinStandardHelpOptions = true,
            description = {"Make a certificate signed by DIR/ca.pem: DIR/NAME.pem and DIR/NAME-key.pem.",
                    "A node certificate (the default) serves clients and peers and is valid for 127.0.0.1, localhost",
                    "and every --ip/--dns; --client makes a client certificate (for --cert-file of the CLI)."},
            footerHeading = "%nExample:%n",
            footer = {"  flotilla certs make-cert --dir pki --ip 10.0.0.1 --dns n1.example n1",
                    "  flotilla certs make-cert --dir pki --client root"})
    static final class MakeCert implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The CA's directory; files go there.")
        Path dir;

        @Parameters(index = "0", paramLabel = "NAME", description = "File name and common name.")
        String name;

        @Option(names = "--ip", paramLabel = "ADDRESS", split = ",", description = "An IP address it is valid for (repeatable).")
        List<String> ips = new ArrayList<>();

        @Option(names = "--dns", paramLabel = "HOST", split = ",", description = "A host name it is valid for (repeatable).")
        List<String> dns = new ArrayList<>();

        @Option(names = "--client", description = "A client certificate (clientAuth only, no addresses).")
        boolean client;

        @Option(names = "--days", defaultValue = "365", paramLabel = "N", description = "Validity. Default: ${DEFAULT-VALUE}.")
        int days;

        @Override
        public Integer call() throws Exception {
            if (!name.matches("[A-Za-z0-9_.@-]+") || name.equals("ca")) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error: NAME " + name
                        + ": use letters, digits, '.', '_', '@' or '-' (and not 'ca')");
            }
            if (days < 1) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error: --days " + days + ": must be at least 1");
            }
            Path caCert = dir.resolve("ca.pem");
            Path caKey = dir.resolve("ca-key.pem");
            if (!Files.isReadable(caCert) || !Files.isReadable(caKey)) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error: " + caCert + " and " + caKey
                        + " are needed; make them with 'flotilla certs make-ca --dir " + dir + "'");
            }
            CertMaker.Issued ca;
            try {
                ca = CertMaker.read(caCert, caKey);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error: " + e.getMessage());
            }
            List<String> allIps = new ArrayList<>();
            List<String> allNames = new ArrayList<>();
            if (!client) {
                allIps.add("127.0.0.1");
                allNames.add("localhost");
            }
            ips.stream().filter(ip -> !allIps.contains(ip)).forEach(allIps::add);
            dns.stream().filter(n -> !allNames.contains(n)).forEach(allNames::add);
            CertMaker.Issued cert;
            try {
                cert = CertMaker.makeCert(ca, name, client ? CertMaker.Use.CLIENT : CertMaker.Use.NODE, allIps,
                        allNames, Duration.ofDays(days));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error: " + e.getMessage() + "; nothing written");
            }
            List<Path> files = CertMaker.write(cert, dir, name);
            PrintWriter out = spec.commandLine().getOut();
            files.forEach(f -> out.println("wrote " + f));
            out.flush();
            return ExitCodes.SUCCESS;
        }
    }
}
