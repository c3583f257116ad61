package dev.flotilla.ui.connection;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;

/**
 * Cluster passwords in Eclipse secure storage, one node per cluster id, always encrypted. Nothing else
 * keeps a password: profiles in the preferences hold only the user name.
 */
public final class SecretStore {

    private static final String ROOT = "dev.flotilla.ui/clusters";
    private static final String PASSWORD = "password";

    private SecretStore() {
    }

    /** @return the stored password of the cluster, or null when none is stored */
    public static String password(String clusterId) throws StorageException {
        ISecurePreferences root = SecurePreferencesFactory.getDefault();
        if (root == null || !root.nodeExists(ROOT + "/" + clusterId)) {
            return null;
        }
        return root.node(ROOT + "/" + clusterId).get(PASSWORD, null);
    }

    /** Stores (or, with null, removes) the password of the cluster and flushes storage to disk. */
    public static void setPassword(String clusterId, String password) throws StorageException {
        ISecurePreferences root = SecurePreferencesFactory.getDefault();
        if (root == null) {
            throw new StorageException(StorageException.INTERNAL_ERROR, "Eclipse secure storage is not available");
        }
        ISecurePreferences node = root.node(ROOT + "/" + clusterId);
        if (password == null) {
            node.remove(PASSWORD);
        } else {
            node.put(PASSWORD, password, true);
        }
        try {
            root.flush();
        } catch (java.io.IOException e) {
            throw new StorageException(StorageException.INTERNAL_ERROR, e);
        }
    }

    /** Forgets everything stored for the cluster. */
    public static void forget(String clusterId) {
        ISecurePreferences root = SecurePreferencesFactory.getDefault();
        if (root != null && root.nodeExists(ROOT + "/" + clusterId)) {
            root.node(ROOT + "/" + clusterId).removeNode();
            try {
                root.flush();
            } catch (java.io.IOException e) {
                // nothing secret remains in memory; the next flush writes the removal
            }
        }
    }
}
