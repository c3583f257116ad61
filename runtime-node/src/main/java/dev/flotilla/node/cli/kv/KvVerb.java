package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.KeysClient;
import dev.flotilla.node.cli.CliFailure;
import dev.flotilla.node.cli.ExitCodes;
import dev.flotilla.node.cli.GlobalOptions;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** What every kv verb needs: the client, etcdctl's printer, and etcdctl's argument checks. */
abstract class KvVerb implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Replaced in tests that feed a value through stdin in-process. */
    static InputStream stdin = System.in;

    GlobalOptions globals() {
        return GlobalOptions.of(spec);
    }

    KeysClient client() {
        return globals().keysClient(err());
    }

    EtcdctlPrinter printer() {
        return new EtcdctlPrinter(out(), globals().output());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** etcdctl's check, with its exact words. */
    static String requireKey(String key) {
        if (key == null) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error:  key required");
        }
        return key;
    }

    /** The value argument, or else all of stdin, as etcdctl reads it ({@code echo v | etcdctl set /k}). */
    static String valueOrStdin(String value) {
        if (value != null) {
            return value;
        }
        try {
            byte[] all = stdin.readAllBytes();
            if (all.length == 0) {
                throw new CliFailure(ExitCodes.BAD_ARGS, "Error:  value required");
            }
            return new String(all, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_ARGS, "Error:  value required");
        }
    }
}
