package dev.flotilla.node.cloudconfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects diagnostics for one file, capped so a hostile file cannot produce an unbounded report. */
final class Diagnostics {

    static final int LIMIT = 200;

    private final String file;
    private final List<Diagnostic> list = new ArrayList<>();
    private boolean errors;
    private boolean truncated;

    Diagnostics(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(Position at, String keyPath, String message) {
        add(new Diagnostic(Diagnostic.Severity.ERROR, file, at, keyPath, message));
    }

    void warning(Position at, String keyPath, String message) {
        add(new Diagnostic(Diagnostic.Severity.WARNING, file, at, keyPath, message));
    }

    private void add(Diagnostic d) {
        errors |= d.isError();
        if (list.size() < LIMIT) {
            list.add(d);
        } else {
            truncated = true;
        }
    }

    boolean hasErrors() {
        return errors;
    }

    /** In file order (problems about the whole file first), as a reader goes through the file. */
    List<Diagnostic> toList() {
        List<Diagnostic> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.position().line())
                .thenComparingInt(d -> d.position().column()));
        if (truncated) {
            sorted.add(new Diagnostic(errors ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING, file,
                    Position.NONE, "", "too many problems; only the first " + LIMIT + " are shown"));
        }
        return List.copyOf(sorted);
    }
}
