package dev.flotilla.node.cloudconfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a cloud-config file: checks the {@code #cloud-config} header, composes the YAML safely
 * ({@link YamlComposer}) and reads it into a {@link CloudConfig}, collecting every problem as a
 * {@link Diagnostic}. It never throws on bad input: the result carries a config only when there is no error.
 */
public final class CloudConfigLoader {

    /** Cloud providers cap user-data far lower (EC2: 16 KiB); this leaves room for base64 write_files. */
    public static final int MAX_FILE_BYTES = 2 * 1024 * 1024;

    public static final String HEADER = "#cloud-config";

    private CloudConfigLoader() {
    }

    /** The outcome of loading one file. */
    public record Result(Optional<CloudConfig> config, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean ok() {
            return config.isPresent();
        }

        public List<Diagnostic> errors() {
            return diagnostics.stream().filter(Diagnostic::isError).toList();
        }

        public List<Diagnostic> warnings() {
            return diagnostics.stream().filter(d -> !d.isError()).toList();
        }
    }

    /** Loads {@code file}, naming it in diagnostics as given. */
    public static Result load(Path file, Addresses addresses) {
        String name = file.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            Diagnostics d = new Diagnostics(name);
            d.error(Position.NONE, "", "cannot read the file: " + describe(e));
            return new Result(Optional.empty(), d.toList());
        }
        return parse(name, bytes, addresses);
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Loads cloud-config bytes (UTF-8); {@code name} is the file name used in diagnostics. */
    public static Result parse(String name, byte[] bytes, Addresses addresses) {
        Diagnostics d = new Diagnostics(name);
        if (bytes.length > MAX_FILE_BYTES) {
            d.error(Position.NONE, "", "the file is larger than " + MAX_FILE_BYTES + " bytes");
            return new Result(Optional.empty(), d.toList());
        }
        Optional<String> text = decodeUtf8(bytes, d);
        if (text.isEmpty()) {
            return new Result(Optional.empty(), d.toList());
        }
        return parse(text.get(), d, addresses);
    }

    /** Loads cloud-config text; {@code name} is the file name used in diagnostics. */
    public static Result parse(String name, String text, Addresses addresses) {
        Diagnostics d = new Diagnostics(name);
        if (text.length() > MAX_FILE_BYTES) {
            d.error(Position.NONE, "", "the file is larger than " + MAX_FILE_BYTES + " characters");
            return new Result(Optional.empty(), d.toList());
        }
        return parse(text.startsWith("\uFEFF") ? text.substring(1) : text, d, addresses);
    }

    private static Result parse(String text, Diagnostics d, Addresses addresses) {
        try {
            checkHeader(text, d);
            Node root = YamlComposer.compose(text, d);
            if (d.hasErrors()) {
                // a broken tree is not read further: its errors would only echo the YAML problem
                return new Result(Optional.empty(), d.toList());
            }
            CloudConfig config = new CloudConfigReader(d.file(), d, addresses).read(root);
            return new Result(d.hasErrors() ? Optional.empty() : Optional.of(config), d.toList());
        } catch (RuntimeException | StackOverflowError e) {
            // a bug of ours must still not escape as a crash on user input: report it as a refusal
            d.error(Position.NONE, "", "internal error while reading the cloud-config: " + e);
            return new Result(Optional.empty(), d.toList());
        }
    }

    /** coreos-cloudinit decided what user-data was by its first line; anything else is not a cloud-config. */
    private static void checkHeader(String text, Diagnostics d) {
        int nl = text.indexOf('\n');
        String first = (nl < 0 ? text : text.substring(0, nl)).strip();
        if (first.equals(HEADER)) {
            return;
        }
        String found = first.length() > 40 ? first.substring(0, 37) + "..." : first;
        String hint = first.startsWith("#!") ? "; scripts are not supported, only cloud-configs"
                : first.isEmpty() ? "" : " (found " + Values.quote(found) + ")";
        d.error(Position.START, "", "the first line must be \"" + HEADER + "\"" + hint);
    }

    private static Optional<String> decodeUtf8(byte[] bytes, Diagnostics d) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            out.flip();
            String before = out.toString();
            int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
            int col = before.length() - before.lastIndexOf('\n');
            d.error(new Position(line, col), "", "the file is not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + " at offset " + in.position() + ")");
            return Optional.empty();
        }
        out.flip();
        return Optional.of(out.toString());
    }
}
