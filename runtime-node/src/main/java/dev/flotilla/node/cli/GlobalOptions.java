package dev.flotilla.node.cli;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ConfigException;
import dev.flotilla.core.client.HttpTransport;
import dev.flotilla.core.client.KeysClient;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.Console;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The options every verb takes: where the cluster is, how long to wait, TLS, credentials, output format and
 * debugging. They are inherited by all subcommands, so {@code flotilla --endpoint X kv get /a} and
 * {@code flotilla kv get --endpoint X /a} mean the same. Alternative names are etcdctl's and fleetctl's, so
 * their users' habits and scripts keep working.
 */
public final class GlobalOptions {
    /** Checked in this order when --endpoint is not given. */
    static final List<String> ENDPOINT_VARIABLES =
            List.of("FLOTILLA_ENDPOINT", "FLEETCTL_ENDPOINT", "ETCDCTL_ENDPOINTS", "ETCDCTL_ENDPOINT");

    /** Output formats: etcdctl's simple (alias text), extended and json. */
    public enum Output {
        simple, text, extended, json;

        public boolean isJson() {
            return this == json;
        }

        public boolean isExtended() {
            return this == extended;
        }
    }

    @Option(names = {"--endpoint", "--endpoints", "-C", "--peers"}, scope = ScopeType.INHERIT, paramLabel = "URL[,URL...]",
            description = "Cluster endpoints, comma-separated, tried in order until one answers. "
                    + "Default: $FLOTILLA_ENDPOINT, $FLEETCTL_ENDPOINT, $ETCDCTL_ENDPOINTS, else http://127.0.0.1:2379.")
    String endpoint;

    @Option(names = {"--request-timeout", "--timeout"}, scope = ScopeType.INHERIT, paramLabel = "DURATION",
            converter = DurationConverter.class, defaultValue = "3s",
            description = "How long one request may take before the next endpoint is tried "
                    + "(seconds, or 500ms/2s/1m). Default: ${DEFAULT-VALUE}.")
    Duration requestTimeout;

    @Option(names = "--total-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            converter = DurationConverter.class, defaultValue = "10s",
            description = "How long a command may take over all endpoints (watches excepted). Default: ${DEFAULT-VALUE}.")
    Duration totalTimeout;

    @Option(names = "--ca-file", scope = ScopeType.INHERIT, paramLabel = "PEM",
            description = "Trust the HTTPS servers' certificates signed by these CA certificates.")
    Path caFile;

    @Option(names = "--cert-file", scope = ScopeType.INHERIT, paramLabel = "PEM",
            description = "Identify to HTTPS servers with this client certificate.")
    Path certFile;

    @Option(names = "--key-file", scope = ScopeType.INHERIT, paramLabel = "PEM",
            description = "The private key of --cert-file (PKCS#8, RSA or EC PEM).")
    Path keyFile;

    @Option(names = {"--username", "-u"}, scope = ScopeType.INHERIT, paramLabel = "USER[:PASSWORD]",
            description = "Basic-auth credentials; asks for the password on the terminal when it is left out. "
                    + "Default: $FLOTILLA_USERNAME or $ETCDCTL_USERNAME.")
    String username;

    @Option(names = {"--output", "-o"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "simple",
            description = "Output format: simple (or text), extended, or json for scripts. Default: ${DEFAULT-VALUE}.")
    Output output;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print each HTTP request as a curl command, and stack traces of failures.")
    boolean debug;

    /** The global options of the command line {@code spec} belongs to. */
    public static GlobalOptions of(CommandLine.Model.CommandSpec spec) {
        Object root = spec.root().userObject();
        if (root instanceof FlotillaCommand f) {
            return f.globals;
        }
        throw new IllegalStateException("verb " + spec.qualifiedName() + " is not under the flotilla command");
    }

    public Output output() {
        return output;
    }

    public boolean debug() {
        return debug;
    }

    /** The endpoint list from the option, then the environment, then the default. */
    public List<URI> endpoints() {
        String raw = endpoint;
        String from = "--endpoint";
        Map<String, String> env = System.getenv();
        for (String var : ENDPOINT_VARIABLES) {
            if (raw != null && !raw.isBlank()) {
                break;
            }
            raw = env.get(var);
            from = "$" + var;
        }
        if (raw == null || raw.isBlank()) {
            return List.of(ClientConfig.DEFAULT_ENDPOINT);
        }
        try {
            return ClientConfig.parseEndpoints(raw);
        } catch (ConfigException e) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error: " + from + ": " + e.getMessage());
        }
    }

    public ClientConfig clientConfig() {
        ClientConfig.Builder b = ClientConfig.builder()
                .endpoints(endpoints())
                .requestTimeout(requestTimeout)
                .totalTimeout(totalTimeout)
                .tls(caFile, certFile, keyFile);
        String user = username;
        if (user == null || user.isEmpty()) {
            user = System.getenv().getOrDefault("FLOTILLA_USERNAME", System.getenv("ETCDCTL_USERNAME"));
        }
        if (user != null && !user.isEmpty()) {
            int colon = user.indexOf(':');
            if (colon >= 0) {
                b.credentials(user.substring(0, colon), user.substring(colon + 1));
            } else {
                b.credentials(user, askPassword(user));
            }
        }
        return b.build();
    }

    /** A keys client for these options; with --debug it prints each request on {@code err}. */
    public KeysClient keysClient(PrintWriter err) {
        try {
            return new KeysClient(transport(err));
        } catch (ConfigException e) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error: " + e.getMessage());
        }
    }

    public HttpTransport transport(PrintWriter err) throws ConfigException {
        ClientConfig cfg = clientConfig();
        if (debug) {
            err.println("Cluster-Endpoints: " + String.join(", ", cfg.endpoints().stream().map(URI::toString).toList()));
            err.flush();
        }
        return HttpTransport.create(cfg, debug ? line -> {
            err.println("cURL Command: " + line);
            err.flush();
        } : null);
    }

    private static String askPassword(String user) {
        Console console = System.console();
        if (console == null) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error: --username " + user
                    + " has no password and there is no terminal to ask for it; give --username " + user + ":PASSWORD");
        }
        char[] pw = console.readPassword("Password: ");
        if (pw == null) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error: no password entered for " + user);
        }
        return new String(pw);
    }
}
