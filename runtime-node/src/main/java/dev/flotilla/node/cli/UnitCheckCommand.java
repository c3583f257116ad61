package dev.flotilla.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.Severity;
import dev.flotilla.core.unit.check.UnitChecker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flotilla unit check FILE...}: checks unit files as fleet accepts them (syntax, unit name, systemd values,
 * [X-Fleet] rules, circular Replaces among the given files) and prints every problem as
 * {@code file:line:col: error|warning: message}. Exit status 1 when any file has an error, 0 otherwise.
 */
@Command(name = "check",
        description = {"Check unit files the way fleet accepts them and print each problem as",
                "file:line:col: error|warning: message. Exits 1 when any file has an error."},
        mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = {"  flotilla unit check units/*.service", "  flotilla unit check --print web.service > web.roundtrip"})
public final class UnitCheckCommand implements Callable<Integer> {


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Unit files; the unit name is the file name.")
    List<Path> files;

    @Option(names = "--print", description = "Write each file back through the model on stdout (byte-identical "
            + "for a file read unchanged); problems go to stderr.")
    boolean print;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec unitCheckSpec;

    @Option(names = "--name", paramLabel = "UNIT", description = "Unit name to check a single file as "
            + "(default: the file's name).")
    String unitName;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (unitName != null && files.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name needs exactly one FILE");
        }
        List<UnitChecker.Result> results = new ArrayList<>();
        List<Diagnostic> unreadable = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                unreadable.add(new Diagnostic(f.toString(), 0, 0, Severity.ERROR, null, null,
                        "cannot read file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
                continue;
            }
            String name = unitName != null ? unitName : UnitChecker.unitNameOf(f.getFileName().toString());
            results.add(UnitChecker.check(f.toString(), name, bytes));
        }
        results = UnitChecker.checkAll(results);
        boolean anyError = !unreadable.isEmpty() || results.stream().anyMatch(UnitChecker.Result::hasErrors);

        if (print) {
            OutputStream raw = System.out; // raw bytes: a Writer would re-encode invalid UTF-8
            for (UnitChecker.Result r : results) {
                raw.write(r.unit().toBytes());
            }
            raw.flush();
            for (Diagnostic d : unreadable) {
                err.println(d.format());
            }
            for (UnitChecker.Result r : results) {
                r.diagnostics().forEach(d -> err.println(d.format()));
            }
            err.flush();
        } else if (GlobalOptions.of(unitCheckSpec).output().isJson()) {
            out.println(json(results, unreadable));
        } else {
            for (Diagnostic d : unreadable) {
                out.println(d.format());
            }
            for (UnitChecker.Result r : results) {
                r.diagnostics().forEach(d -> out.println(d.format()));
            }
        }
        out.flush();
        return anyError ? 1 : 0;
    }

    private static String json(List<UnitChecker.Result> results, List<Diagnostic> unreadable) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode arr = m.createArrayNode();
        for (Diagnostic d : unreadable) {
            ObjectNode o = arr.addObject();
            o.put("file", d.file());
            o.putNull("unit");
            o.putNull("hash");
            o.put("errors", 1);
            o.put("warnings", 0);
            diagnostic(o.putArray("diagnostics").addObject(), d);
        }
        for (UnitChecker.Result r : results) {
            ObjectNode o = arr.addObject();
            o.put("file", r.file());
            if (r.name() != null) {
                o.put("unit", r.name().full());
            } else {
                o.putNull("unit");
            }
            if (r.fleetHash().isPresent()) {
                o.put("hash", r.fleetHash().get());
            } else {
                o.putNull("hash");
            }
            o.put("errors", r.count(Severity.ERROR));
            o.put("warnings", r.count(Severity.WARNING));
            ArrayNode ds = o.putArray("diagnostics");
            for (Diagnostic d : r.diagnostics()) {
                diagnostic(ds.addObject(), d);
            }
        }
        return m.writeValueAsString(arr);
    }

    private static void diagnostic(ObjectNode o, Diagnostic d) {
        o.put("file", d.file());
        o.put("line", d.line());
        o.put("column", d.column());
        o.put("severity", d.severity().label());
        if (d.section() != null) {
            o.put("section", d.section());
        } else {
            o.putNull("section");
        }
        if (d.key() != null) {
            o.put("key", d.key());
        } else {
            o.putNull("key");
        }
        o.put("message", d.message());
    }
}
