package dev.flotilla.node.cloudconfig;

import java.util.Optional;

/**
 * One {@code write_files} entry, checked but not yet decoded; {@link WriteFilesApplier} decodes and writes it
 * under a root directory.
 *
 * @param index position in the {@code write_files} list, for key paths ({@code write_files[2]})
 * @param path the path as written; interpreted relative to the root directory it is applied under
 * @param content the content as written (before decoding)
 * @param permissions POSIX mode bits (from an octal string such as {@code '0644'}); empty means 0644
 * @param owner {@code user[:group]}, recorded only (the node writes files as its own user)
 * @param pathAt where the path value is, for errors found when applying
 * @param contentAt where the content value is (or the entry, when content is absent)
 */
public record WriteFile(
        int index,
        String path,
        String content,
        FileEncoding encoding,
        Optional<Integer> permissions,
        Optional<String> owner,
        Position pathAt,
        Position contentAt) {

    public static final int DEFAULT_PERMISSIONS = 0644;

    /** The key path used in diagnostics found when applying (the canonical spelling of the list's key). */
    String keyPath(String key) {
        return "write_files[" + index + "]." + key;
    }
}
