package dev.flotilla.ui.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.equinox.security.storage.provider.IPreferencesContainer;
import org.eclipse.equinox.security.storage.provider.PasswordProvider;

/**
 * The master password of the workbench's secure storage: a random key in a file only the user can read
 * ({@code ~/.flotilla/secure-storage.key}, or the file named by {@code -Dflotilla.secureStorageKey}).
 * Eclipse ships no provider for a Linux desktop without a keyring daemon, and a master-password prompt on
 * every start would stand between an operator and the cluster; a keyring provider, when installed, has a
 * higher priority and wins.
 */
public final class KeyFilePasswordProvider extends PasswordProvider {

    /** System property naming another key file (tests keep theirs under target/). */
    public static final String KEY_FILE_PROPERTY = "flotilla.secureStorageKey";

    @Override
    public PBEKeySpec getPassword(IPreferencesContainer container, int passwordType) {
        try {
            return new PBEKeySpec(key(keyFile()).toCharArray());
        } catch (IOException e) {
            return null; // secure storage then reports that no password was provided
        }
    }

    static Path keyFile() {
        String configured = System.getProperty(KEY_FILE_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".flotilla", "secure-storage.key");
    }

    private static synchronized String key(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String key = Base64.getEncoder().encodeToString(random);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, key, StandardCharsets.US_ASCII);
        return key;
    }
}
