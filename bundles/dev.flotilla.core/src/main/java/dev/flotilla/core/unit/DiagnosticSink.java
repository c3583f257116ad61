package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics of one file while typed readers and validators go through its entries. */
public final class DiagnosticSink {
    private final String file;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public DiagnosticSink(String file) {
        this.file = file;
    }

    /** A sink that drops everything, for readers used only for their values. */
    public static DiagnosticSink discarding() {
        return new DiagnosticSink("");
    }

    public String file() {
        return file;
    }

    public void add(Entry entry, ValueProblem p) {
        diagnostics.add(p.toDiagnostic(file, entry));
    }

    public void addAll(Entry entry, List<ValueProblem> ps) {
        for (ValueProblem p : ps) {
            add(entry, p);
        }
    }

    public void error(Entry entry, String message) {
        add(entry, ValueProblem.error(0, message));
    }

    public void warning(Entry entry, String message) {
        add(entry, ValueProblem.warning(0, message));
    }

    /** A problem with the entry's key itself (unknown, deprecated), placed at the key. */
    public void atKey(Entry entry, Severity severity, String message) {
        diagnostics.add(new Diagnostic(file, entry.line(), entry.column(), severity, entry.section(), entry.key(),
                message));
    }

    public void add(Diagnostic d) {
        diagnostics.add(d);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
