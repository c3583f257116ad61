package dev.flotilla.node.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.core.client.HttpTransport;
import dev.flotilla.core.client.UrlCodec;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flotilla role ...}: etcdctl's role verbs; a role is a set of key patterns it may read and write. */
@Command(name = "role", mixinStandardHelpOptions = true,
        description = {"Role add, get, list, remove, grant and revoke subcommands.",
                "A path ending in * covers every key under it: --path '/app/*'."},
        subcommands = {RoleCommand.Add.class, RoleCommand.Get.class, RoleCommand.ListRoles.class,
                RoleCommand.Remove.class, RoleCommand.Grant.class, RoleCommand.Revoke.class},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla -u root:secret role add viewer",
                "  flotilla -u root:secret role grant viewer --path '/*' --read"})
public final class RoleCommand implements Runnable {
    static final String NO_NAME = "Please provide a role name";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a new role (with no permissions).",
            footerHeading = "%nExample:%n", footer = "  flotilla role add viewer")
    static final class Add extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            String name = oneArg(NO_NAME);
            if (find(path("roles", name)) != null) {
                throw fail("Role " + name + " already exists");
            }
            send("PUT", path("roles", name), JSON.createObjectNode().put("role", name));
            println("Role " + name + " created");
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Get details for a role.",
            footerHeading = "%nExample:%n", footer = "  flotilla role get viewer")
    static final class Get extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            JsonNode r = get(path("roles", oneArg(NO_NAME)));
            StringBuilder b = new StringBuilder("Role: ").append(r.path("role").asText()).append('\n');
            JsonNode kv = r.path("permissions").path("kv");
            b.append("KV Read:\n");
            kv.path("read").forEach(p -> b.append('\t').append(p.asText()).append('\n'));
            b.append("KV Write:\n");
            kv.path("write").forEach(p -> b.append('\t').append(p.asText()).append('\n'));
            out().print(b);
            out().flush();
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List all roles.",
            footerHeading = "%nExample:%n", footer = "  flotilla role list")
    static final class ListRoles extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            noArgs();
            // etcd's client reads no message here: a refusal is "unexpected status code 401"
            JsonNode all = ok(transport().send(HttpTransport.Call.get("/v2/auth/roles")), false);
            StringBuilder b = new StringBuilder();
            all.path("roles").forEach(r -> b.append(r.isObject() ? r.path("role").asText() : r.asText()).append('\n'));
            out().print(b);
            out().flush();
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a role.",
            footerHeading = "%nExample:%n", footer = "  flotilla role remove viewer")
    static final class Remove extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            String name = oneArg(NO_NAME);
            send("DELETE", path("roles", name), null);
            println("Role " + name + " removed");
            return ExitCodes.SUCCESS;
        }
    }

    abstract static class GrantRevoke extends AuthVerb {
        @Option(names = "--path", paramLabel = "PATH", defaultValue = "", description = "The key or pattern (/app/*).")
        String path;

        @Option(names = "--read", description = "Read access.")
        boolean read;

        @Option(names = "--write", description = "Write access.")
        boolean write;

        @Option(names = {"--readwrite", "--rw"}, description = "Read and write access.")
        boolean readwrite;

        abstract String field();

        @Override
        public Integer call() throws Exception {
            if (path.isEmpty()) {
                throw fail("No path specified; please use `--path`");
            }
            String canonical = UrlCodec.cleanPath(path);
            if (!canonical.equals(path)) {
                throw fail("Not canonical path; please use `--path=" + canonical + "`");
            }
            int count = (read ? 1 : 0) + (write ? 1 : 0) + (readwrite ? 1 : 0);
            if (count != 1) {
                throw fail("Please specify exactly one of --read, --write or --readwrite");
            }
            String name = oneArg(NO_NAME);
            get(path("roles", name));
            ObjectNode body = JSON.createObjectNode().put("role", name);
            ObjectNode kv = body.putObject(field()).putObject("kv");
            if (read || readwrite) {
                kv.putArray("read").add(path);
            }
            if (write || readwrite) {
                kv.putArray("write").add(path);
            }
            send("PUT", path("roles", name), body);
            println("Role " + name + " updated");
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant a path to a role.",
            footerHeading = "%nExample:%n", footer = "  flotilla role grant viewer --path '/app/*' --read")
    static final class Grant extends GrantRevoke {
        @Override
        String field() {
            return "grant";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a path from a role.",
            footerHeading = "%nExample:%n", footer = "  flotilla role revoke viewer --path '/app/*' --write")
    static final class Revoke extends GrantRevoke {
        @Override
        String field() {
            return "revoke";
        }
    }
}
