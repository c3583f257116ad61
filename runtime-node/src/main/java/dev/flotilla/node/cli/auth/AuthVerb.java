package dev.flotilla.node.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.ConfigException;
import dev.flotilla.core.client.HttpTransport;
import dev.flotilla.core.client.UrlCodec;
import dev.flotilla.node.cli.CliFailure;
import dev.flotilla.node.cli.ExitCodes;
import dev.flotilla.node.cli.GlobalOptions;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every auth, user and role verb needs: one request to {@code /v2/auth/...} and etcdctl's handling of the
 * answer. A refusal prints the server's message alone on stderr (etcdctl prints {@code err.Error()}, which is
 * that message) and exits 1, as etcdctl does for every failure of these verbs.
 */
abstract class AuthVerb implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Replaced in tests that type a password through stdin in-process. */
    static InputStream stdin = System.in;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The arguments, checked by the verb itself so the messages are etcdctl's ("Please provide a username"). */
    @CommandLine.Parameters(arity = "0..*", hidden = true)
    List<String> args = new java.util.ArrayList<>();

    private HttpTransport transport;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static CliFailure fail(String message) {
        return new CliFailure(ExitCodes.BAD_ARGS, message);
    }

    void noArgs() {
        if (!args.isEmpty()) {
            throw fail("No arguments accepted");
        }
    }

    String oneArg(String missing) {
        if (args.size() != 1) {
            throw fail(missing);
        }
        return args.get(0);
    }

    HttpTransport transport() {
        if (transport == null) {
            try {
                transport = GlobalOptions.of(spec).transport(spec.commandLine().getErr());
            } catch (ConfigException e) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error: " + e.getMessage());
            }
        }
        return transport;
    }

    static String path(String collection, String name) {
        return "/v2/auth/" + collection + "/" + UrlCodec.escapePath(name);
    }

    /** GET, or null when the answer is 404 (what "does it exist?" asks). */
    JsonNode find(String pathAndQuery) throws ClientException {
        HttpTransport.Reply r = transport().send(HttpTransport.Call.get(pathAndQuery));
        if (r.status() == 404) {
            return null;
        }
        return ok(r, true);
    }

    JsonNode get(String pathAndQuery) throws ClientException {
        return ok(transport().send(HttpTransport.Call.get(pathAndQuery)), true);
    }

    /** A change; one-shot, since repeating a grant on another member would be refused as a duplicate. */
    JsonNode send(String method, String pathAndQuery, JsonNode body) throws ClientException {
        byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        return ok(transport().send(new HttpTransport.Call(method, pathAndQuery,
                body == null ? null : "application/json", bytes, true, false)), true);
    }

    /**
     * The parsed body of a 2xx answer; otherwise a failure with the server's {"message":...}, or, when
     * {@code withMessage} is false (etcd's client reads no message for role list), "unexpected status code N".
     */
    static JsonNode ok(HttpTransport.Reply r, boolean withMessage) {
        if (r.status() / 100 == 2) {
            try {
                return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                throw fail("Error: " + r.endpoint() + " answered HTTP " + r.status() + " with a body that is not JSON");
            }
        }
        String message = null;
        if (withMessage) {
            try {
                JsonNode n = JSON.readTree(r.body());
                if (n != null && n.hasNonNull("message")) {
                    message = n.get("message").asText();
                }
            } catch (IOException | RuntimeException e) {
                // not etcd's error JSON: fall through to the status line
            }
        }
        throw fail(message != null ? message : "unexpected status code " + r.status());
    }

    /** etcdctl's "user[:password]" argument; the password is asked for (or read from stdin) when left out. */
    static String[] userAndPassword(String arg, String prompt) {
        int colon = arg.indexOf(':');
        if (colon >= 0) {
            return new String[] {arg.substring(0, colon), arg.substring(colon + 1)};
        }
        return new String[] {arg, askPassword(prompt)};
    }

    /** On a terminal, asked without echo; otherwise the first line of stdin, so scripts can pipe it in. */
    static String askPassword(String prompt) {
        Console console = System.console();
        if (console != null && stdin == System.in) {
            char[] pw = console.readPassword(prompt);
            return pw == null ? "" : new String(pw);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw fail("Error reading password: " + e.getMessage());
        }
    }

    void println(String line) {
        out().println(line);
        out().flush();
    }
}
