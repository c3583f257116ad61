package dev.flotilla.node.cloudconfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** The {@code write_files[].encoding} values coreos-cloudinit accepted, and how each is decoded. */
public enum FileEncoding {
    NONE(List.of()),
    BASE64(List.of("b64", "base64")),
    GZIP(List.of("gz", "gzip")),
    GZIP_BASE64(List.of("gz+b64", "gz+base64", "gzip+b64", "gzip+base64"));

    /** A decoded file may not exceed this: a small gzip stream can otherwise inflate to fill the disk. */
    public static final int MAX_DECODED_BYTES = 16 * 1024 * 1024;

    private final List<String> spellings;

    FileEncoding(List<String> spellings) {
        this.spellings = spellings;
    }

    static Optional<FileEncoding> parse(String value) {
        for (FileEncoding e : values()) {
            if (e.spellings.contains(value)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    static String allSpellings() {
        StringBuilder b = new StringBuilder();
        for (FileEncoding e : values()) {
            for (String s : e.spellings) {
                b.append(b.length() == 0 ? "" : ", ").append('"').append(s).append('"');
            }
        }
        return b.toString();
    }

    /** Thrown when content does not decode; the message says why, without location (the caller adds it). */
    public static final class DecodeException extends Exception {
        DecodeException(String message) {
            super(message);
        }
    }

    /** Turns the YAML string into the file's bytes. */
    public byte[] decode(String content) throws DecodeException {
        return switch (this) {
            case NONE -> checkSize(content.getBytes(StandardCharsets.UTF_8));
            case BASE64 -> checkSize(base64(content));
            case GZIP -> gunzip(rawBytes(content));
            case GZIP_BASE64 -> gunzip(base64(content));
        };
    }

    private static byte[] checkSize(byte[] bytes) throws DecodeException {
        if (bytes.length > MAX_DECODED_BYTES) {
            throw new DecodeException("content is larger than " + MAX_DECODED_BYTES + " bytes");
        }
        return bytes;
    }

    /** Base64 in YAML is usually wrapped over lines; whitespace is dropped, anything else must be the alphabet. */
    private static byte[] base64(String content) throws DecodeException {
        StringBuilder b = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (!Character.isWhitespace(c)) {
                b.append(c);
            }
        }
        try {
            return Base64.getDecoder().decode(b.toString());
        } catch (IllegalArgumentException e) {
            throw new DecodeException("content is not valid base64 (" + e.getMessage() + ")");
        }
    }

    /** Raw gzip can only travel in YAML as \xNN escapes, i.e. characters 0-255 standing for bytes. */
    private static byte[] rawBytes(String content) throws DecodeException {
        byte[] out = new byte[content.length()];
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c > 0xFF) {
                throw new DecodeException("gzip content must be bytes (\\xNN escapes); use gz+b64 for text");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    private static byte[] gunzip(byte[] compressed) throws DecodeException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_DECODED_BYTES) {
                    throw new DecodeException("content inflates to more than " + MAX_DECODED_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new DecodeException("content is not valid gzip (" + e.getMessage() + ")");
        }
    }
}
