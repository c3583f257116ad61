package dev.flotilla.ui.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The clusters the workbench knows, kept in the instance preferences as JSON (passwords excepted, see
 * {@link SecretStore}). A cluster given on the command line ({@code --connect URL}) is listed too but
 * not saved, so a one-off launch leaves nothing behind.
 */
public final class ClusterRegistry {

    /** Told when the list changes; on any thread. */
    public interface Listener {
        void clustersChanged();
    }

    private static final String PREFERENCE = "clusters";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClusterRegistry INSTANCE = new ClusterRegistry();

    private final List<ClusterProfile> saved = new ArrayList<>();
    private final List<ClusterProfile> transientProfiles = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private boolean loaded;
    private String loadProblem;

    public static ClusterRegistry get() {
        return INSTANCE;
    }

    /** Saved clusters first, then the one-off ones, each in the order they were added. */
    public synchronized List<ClusterProfile> profiles() {
        loadOnce();
        List<ClusterProfile> all = new ArrayList<>(saved);
        all.addAll(transientProfiles);
        return List.copyOf(all);
    }

    public synchronized Optional<ClusterProfile> find(String id) {
        return profiles().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Whether the profile is kept across restarts. */
    public synchronized boolean isSaved(ClusterProfile profile) {
        loadOnce();
        return saved.stream().anyMatch(p -> p.id().equals(profile.id()));
    }

    /** Adds or replaces (same id) a saved cluster and writes the preferences. */
    public void save(ClusterProfile profile) throws BackingStoreException {
        synchronized (this) {
            loadOnce();
            transientProfiles.removeIf(p -> p.id().equals(profile.id()));
            replaceOrAdd(saved, profile);
            persist();
        }
        fire();
    }

    /** Adds a cluster for this session only (e.g. from {@code --connect}). */
    public void addTransient(ClusterProfile profile) {
        synchronized (this) {
            loadOnce();
            replaceOrAdd(transientProfiles, profile);
        }
        fire();
    }

    /** Removes the cluster, its saved settings and its password. */
    public void remove(ClusterProfile profile) throws BackingStoreException {
        boolean wasSaved;
        synchronized (this) {
            loadOnce();
            transientProfiles.removeIf(p -> p.id().equals(profile.id()));
            wasSaved = saved.removeIf(p -> p.id().equals(profile.id()));
            if (wasSaved) {
                persist();
            }
        }
        SecretStore.forget(profile.id());
        fire();
    }

    /** The colour the next new cluster gets: the first of the palette nobody uses yet. */
    public synchronized String nextColour() {
        List<String> used = profiles().stream().map(ClusterProfile::colour).toList();
        return ClusterProfile.PALETTE.stream().filter(c -> !used.contains(c)).findFirst()
                .orElse(ClusterProfile.PALETTE.get(profiles().size() % ClusterProfile.PALETTE.size()));
    }

    /** Why the saved list could not be read at startup, or null. */
    public synchronized String loadProblem() {
        loadOnce();
        return loadProblem;
    }

    public void addListener(Listener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    private void fire() {
        listeners.forEach(Listener::clustersChanged);
    }

    private static void replaceOrAdd(List<ClusterProfile> list, ClusterProfile profile) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(profile.id())) {
                list.set(i, profile);
                return;
            }
        }
        list.add(profile);
    }

    private IEclipsePreferences preferences() {
        return InstanceScope.INSTANCE.getNode("dev.flotilla.ui");
    }

    private void loadOnce() {
        if (loaded) {
            return;
        }
        loaded = true;
        String json = preferences().get(PREFERENCE, null);
        if (json == null || json.isBlank()) {
            return;
        }
        try {
            saved.addAll(JSON.readValue(json, new TypeReference<List<ClusterProfile>>() { }));
        } catch (JsonProcessingException e) {
            // keep the broken text: saving would overwrite it, so say what is wrong instead
            loadProblem = "The saved cluster list could not be read (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
    }

    private void persist() throws BackingStoreException {
        try {
            preferences().put(PREFERENCE, JSON.writeValueAsString(saved));
        } catch (JsonProcessingException e) {
            throw new BackingStoreException("cannot write the cluster list: " + e.getOriginalMessage());
        }
        preferences().flush();
    }
}
