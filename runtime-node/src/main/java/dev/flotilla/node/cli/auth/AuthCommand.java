package dev.flotilla.node.cli.auth;

import dev.flotilla.node.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flotilla auth enable|disable}: etcdctl's overall auth switch. */
@Command(name = "auth", mixinStandardHelpOptions = true,
        description = {"Turn access control on or off (etcd v2 auth).",
                "Enabling needs a root user first: flotilla user add root"},
        subcommands = {AuthCommand.Enable.class, AuthCommand.Disable.class},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla user add root:secret", "  flotilla auth enable",
                "  flotilla --username root:secret auth disable"})
public final class AuthCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable auth access controls.",
            footerHeading = "%nExample:%n", footer = "  flotilla auth enable")
    static final class Enable extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            noArgs();
            send("PUT", "/v2/auth/enable", null);
            println("Authentication Enabled");
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable auth access controls.",
            footerHeading = "%nExample:%n", footer = "  flotilla --username root auth disable")
    static final class Disable extends AuthVerb {
        @Override
        public Integer call() throws Exception {
            noArgs();
            send("DELETE", "/v2/auth/enable", null);
            println("Authentication Disabled");
            return ExitCodes.SUCCESS;
        }
    }
}
