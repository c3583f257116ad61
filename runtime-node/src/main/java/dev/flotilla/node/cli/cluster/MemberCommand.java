package dev.flotilla.node.cli.cluster;

import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.Member;
import dev.flotilla.core.api.MemberList;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.node.cli.CliFailure;
import dev.flotilla.node.cli.ExitCodes;
import dev.flotilla.node.cli.GlobalOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code flotilla member}: list, add, remove and update cluster members, as etcdctl's member verbs. */
@Command(name = "member", mixinStandardHelpOptions = true,
        description = "Member add, remove, update and list subcommands.",
        subcommands = {MemberCommand.ListMembers.class, MemberCommand.AddMember.class,
                MemberCommand.RemoveMember.class, MemberCommand.UpdateMember.class},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla member list", "  flotilla member add node4 http://10.0.0.4:2380"})
public final class MemberCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared plumbing; failures print etcdctl's member-verb messages (plain, exit 1). */
    abstract static class MemberVerb implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        KeysClient client() {
            return GlobalOptions.of(spec).keysClient(spec.commandLine().getErr());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void print(String s) {
            out().print(s);
            out().flush();
        }

        static CliFailure failed(String prefix, ClientException e) {
            return new CliFailure(ExitCodes.BAD_ARGS, prefix + e.getMessage());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Enumerate existing cluster members.",
            footerHeading = "%nExample:%n", footer = {"  flotilla member list", "  flotilla member list -o json"})
    static final class ListMembers extends MemberVerb {
        @Parameters(arity = "0..*", hidden = true)
        List<String> extra = new ArrayList<>();

        @Override
        public Integer call() {
            if (!extra.isEmpty()) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "No arguments accepted");
            }
            KeysClient c = client();
            List<Member> members;
            Member leader;
            try {
                members = c.members();
            } catch (ClientException e) {
                throw failed("", e);
            }
            if (GlobalOptions.of(spec).output().isJson()) {
                print(ApiJson.write(new MemberList(members)) + "\n");
                return ExitCodes.SUCCESS;
            }
            try {
                leader = c.leader();
            } catch (ClientException e) {
                throw failed("Failed to get leader:  ", e);
            }
            StringBuilder b = new StringBuilder();
            for (Member m : members) {
                if (!m.started()) {
                    b.append(m.id()).append("[unstarted]: peerURLs=").append(String.join(",", m.peerURLs())).append('\n');
                } else {
                    b.append(m.id()).append(": name=").append(m.name())
                            .append(" peerURLs=").append(String.join(",", m.peerURLs()))
                            .append(" clientURLs=").append(String.join(",", m.clientURLs()))
                            .append(" isLeader=").append(m.id().equals(leader.id())).append('\n');
                }
            }
            print(b.toString());
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a new member to the cluster.",
                    "Prints the settings the new member must start with to join."},
            footerHeading = "%nExample:%n", footer = "  flotilla member add node4 http://10.0.0.4:2380")
    static final class AddMember extends MemberVerb {
        @Parameters(arity = "0..*", paramLabel = "<name> <peerURL>")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            if (args.size() != 2) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Provide a name and a single member peerURL");
            }
            String name = args.get(0);
            KeysClient c = client();
            Member added;
            List<Member> members;
            try {
                added = c.addMember(List.of(args.get(1)));
            } catch (ClientException e) {
                throw failed("", e);
            }
            print("Added member named " + name + " with ID " + added.id() + " to cluster\n");
            try {
                members = c.members();
            } catch (ClientException e) {
                throw failed("", e);
            }
            List<String> conf = new ArrayList<>();
            for (Member m : members) {
                for (String u : m.peerURLs()) {
                    conf.add((m.id().equals(added.id()) ? name : m.name()) + "=" + u);
                }
            }
            print("\nETCD_NAME=" + GoQuote.quote(name) + "\n"
                    + "ETCD_INITIAL_CLUSTER=" + GoQuote.quote(String.join(",", conf)) + "\n"
                    + "ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n");
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an existing member from the cluster, by member ID.",
            footerHeading = "%nExample:%n", footer = "  flotilla member remove 2e2c5d87fc929265")
    static final class RemoveMember extends MemberVerb {
        @Parameters(arity = "0..*", paramLabel = "<memberID>")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            if (args.size() != 1) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Provide a single member ID");
            }
            String id = args.get(0);
            KeysClient c = client();
            List<Member> members;
            try {
                members = c.members();
            } catch (ClientException e) {
                throw failed("Error while verifying ID against known members: ", e);
            }
            PrintWriter err = spec.commandLine().getErr();
            boolean found = false;
            for (Member m : members) {
                found |= m.id().equals(id);
                if (m.name().equals(id)) {
                    err.print("Found a member named " + m.name() + "; if this is correct, please use its ID, eg:\n\t"
                            + "flotilla member remove " + m.id() + "\n\n");
                    err.flush();
                }
            }
            if (!found) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Couldn't find a member in the cluster with an ID of " + id + ".");
            }
            try {
                c.removeMember(id);
            } catch (ClientException e) {
                throw failed("Received an error trying to remove member " + id + ": ", e);
            }
            print("Removed member " + id + " from cluster\n");
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Update the peer URLs of an existing member.",
            footerHeading = "%nExample:%n",
            footer = "  flotilla member update 2e2c5d87fc929265 http://10.0.0.9:2380")
    static final class UpdateMember extends MemberVerb {
        @Parameters(arity = "0..*", paramLabel = "<memberID> <peerURLs>")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            if (args.size() != 2) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Provide an ID and a list of comma separated peerURL "
                        + "(0xabcd http://example.com,http://example1.com)");
            }
            try {
                client().updateMember(args.get(0), List.of(args.get(1).split(",")));
            } catch (ClientException e) {
                throw failed("", e);
            }
            print("Updated member with ID " + args.get(0) + " in cluster\n");
            return ExitCodes.SUCCESS;
        }
    }
}
