package dev.flotilla.core.unit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One physical line exactly as it was in the file: its bytes (without the line ending), the ending, and the text the
 * bytes decode to (invalid UTF-8 replaced by U+FFFD; the bytes stay as they were).
 */
public final class RawLine {
    private final byte[] bytes;
    private final String text;
    private final LineEnding ending;

    RawLine(byte[] bytes, String text, LineEnding ending) {
        this.bytes = bytes;
        this.text = text;
        this.ending = ending;
    }

    /** A new line written by an edit: always valid UTF-8. */
    static RawLine of(String text, LineEnding ending) {
        return new RawLine(text.getBytes(StandardCharsets.UTF_8), text, ending);
    }

    public String text() {
        return text;
    }

    public LineEnding ending() {
        return ending;
    }

    /** A copy of the original bytes of the line, without its ending. */
    public byte[] bytes() {
        return bytes.clone();
    }

    RawLine withEnding(LineEnding newEnding) {
        return new RawLine(bytes, text, newEnding);
    }

    int length() {
        return bytes.length + ending.chars().length();
    }

    void writeTo(java.io.ByteArrayOutputStream out) {
        out.write(bytes, 0, bytes.length);
        switch (ending) {
            case LF -> out.write('\n');
            case CRLF -> {
                out.write('\r');
                out.write('\n');
            }
            case NONE -> { }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawLine r && r.ending == ending && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + ending.hashCode();
    }

    @Override
    public String toString() {
        return text + ending.chars();
    }
}
