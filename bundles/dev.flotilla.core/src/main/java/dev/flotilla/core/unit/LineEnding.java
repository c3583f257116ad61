package dev.flotilla.core.unit;

/** How a physical line ended in the file, kept so a file writes back byte for byte. */
public enum LineEnding {
    LF("\n"),
    CRLF("\r\n"),
    /** The last line of a file that has no final newline. */
    NONE("");

    private final String chars;

    LineEnding(String chars) {
        this.chars = chars;
    }

    public String chars() {
        return chars;
    }
}
