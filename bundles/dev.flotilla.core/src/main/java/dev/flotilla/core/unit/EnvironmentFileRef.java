package dev.flotilla.core.unit;

/**
 * An {@code EnvironmentFile=} value: an absolute path, optional when prefixed with {@code -} (a missing file is then
 * not an error).
 */
public record EnvironmentFileRef(String path, boolean optional) {

    public static EnvironmentFileRef parse(String value) throws ValueException {
        String v = value.strip();
        boolean optional = v.startsWith("-");
        String path = optional ? v.substring(1).strip() : v;
        if (path.isEmpty()) {
            throw new ValueException(0, "missing path; expected an absolute path, optionally prefixed with '-'");
        }
        if (!path.startsWith("/") && !path.startsWith("%")) {
            throw new ValueException(optional ? 1 : 0, "environment file " + UnitParser.quote(path)
                    + " is not an absolute path; expected e.g. /etc/environment or -/etc/optional.env");
        }
        return new EnvironmentFileRef(path, optional);
    }

    @Override
    public String toString() {
        return (optional ? "-" : "") + path;
    }
}
