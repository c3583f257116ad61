package dev.flotilla.node.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code flotilla user ...}: etcdctl's user verbs. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "User add, get, list, remove, grant, revoke and passwd subcommands.",
        subcommands = {UserCommand.Add.class, UserCommand.Get.class, UserCommand.ListUsers.class,
                UserCommand.Remove.class, UserCommand.Grant.class, UserCommand.Revoke.class, UserCommand.Passwd.class},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla user add root:secret", "  flotilla -u root:secret user add alice:alicepw",
                "  flotilla -u root:secret user grant alice --roles viewer"})
public final class UserCommand implements Runnable {
    static final String NO_NAME = "Please provide a username";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a new user.", "Without :PASSWORD it is asked for (read from stdin when not a terminal)."},
            footerHeading = "%nExample:%n", footer = "  flotilla user add alice:alicepw")
    static final class Add extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            String arg = oneArg(NO_NAME);
            int colon = arg.indexOf(':');
            String name = colon >= 0 ? arg.substring(0, colon) : arg;
            // etcdctl asks first, so adding twice never silently changes the password
            if (find(path("users", name)) != null) {
                throw fail("User " + name + " already exists");
            }
            String[] up = userAndPassword(arg, "New password: ");
            ObjectNode body = JSON.createObjectNode().put("user", up[0]).put("password", up[1]);
            send("PUT", path("users", up[0]), body);
            println("User " + up[0] + " created");
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Get details for a user.",
            footerHeading = "%nExample:%n", footer = "  flotilla user get alice")
    static final class Get extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            JsonNode u = get(path("users", oneArg(NO_NAME)));
            List<String> roles = new ArrayList<>();
            // the server answers each role in full ({"role":..,"permissions":..}); older ones gave names
            u.path("roles").forEach(r -> roles.add(r.isObject() ? r.path("role").asText() : r.asText()));
            println("User: " + u.path("user").asText());
            println("Roles: " + String.join(" ", roles));
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List all current users.",
            footerHeading = "%nExample:%n", footer = "  flotilla user list")
    static final class ListUsers extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            noArgs();
            JsonNode all = get("/v2/auth/users");
            StringBuilder b = new StringBuilder();
            all.path("users").forEach(u -> b.append(u.isObject() ? u.path("user").asText() : u.asText()).append('\n'));
            out().print(b);
            out().flush();
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.",
            footerHeading = "%nExample:%n", footer = "  flotilla user remove alice")
    static final class Remove extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            String name = oneArg(NO_NAME);
            send("DELETE", path("users", name), null);
            println("User " + name + " removed");
            return ExitCodes.SUCCESS;
        }
    }

    abstract static class GrantRevoke extends AuthVerb {
        @Option(names = "--roles", paramLabel = "ROLE", description = "A role to grant or revoke (repeatable).")
        List<String> roles = new ArrayList<>();

        abstract String field();

        @Override
        public Integer call() throws Exception {
            if (roles.isEmpty()) {
                throw fail("No roles specified; please use `--roles`");
            }
            String name = oneArg(NO_NAME);
            get(path("users", name));
            ObjectNode body = JSON.createObjectNode().put("user", name);
            roles.forEach(body.putArray(field())::add);
            send("PUT", path("users", name), body);
            println("User " + name + " updated");
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant roles to a user.",
            footerHeading = "%nExample:%n", footer = "  flotilla user grant alice --roles viewer --roles deployer")
    static final class Grant extends GrantRevoke {
        @Override
        String field() {
            return "grant";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke roles from a user.",
            footerHeading = "%nExample:%n", footer = "  flotilla user revoke alice --roles deployer")
    static final class Revoke extends GrantRevoke {
        @Override
        String field() {
            return "revoke";
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = {"Change a user's password.", "It is asked for (read from stdin when not a terminal)."},
            footerHeading = "%nExample:%n", footer = "  echo newpw | flotilla -u root:secret user passwd alice")
    static final class Passwd extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            String name = oneArg(NO_NAME);
            get(path("users", name));
            String pw = askPassword("New password: ");
            send("PUT", path("users", name), JSON.createObjectNode().put("user", name).put("password", pw));
            println("Password updated");
            return ExitCodes.SUCCESS;
        }
    }
}
