package dev.flotilla.node.cloudconfig;

import java.util.Objects;

/**
 * One problem found in a cloud-config file, printed compiler-style as
 * {@code file:line:col: error: key.path: message}.
 *
 * @param keyPath the dotted key path ({@code coreos.units[2].command}); empty when the problem is not about a key
 */
public record Diagnostic(Severity severity, String file, Position position, String keyPath, String message) {

    public enum Severity {
        ERROR, WARNING;

        String label() {
            return this == ERROR ? "error" : "warning";
        }
    }

    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(file);
        Objects.requireNonNull(position);
        keyPath = keyPath == null ? "" : keyPath;
        Objects.requireNonNull(message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public String format() {
        StringBuilder b = new StringBuilder(file);
        if (position.isKnown()) {
            b.append(':').append(position.line()).append(':').append(position.column());
        }
        b.append(": ").append(severity.label()).append(": ");
        if (!keyPath.isEmpty()) {
            b.append(keyPath).append(": ");
        }
        return b.append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
