package dev.flotilla.ui.connection;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ConfigException;

/**
 * One cluster the workbench knows: what to call it, where to reach it, how to prove who we are, and the
 * colour that marks everything shown from it. The password is not here: it lives in Eclipse secure
 * storage ({@link SecretStore}), keyed by {@link #id()}.
 *
 * @param id        stable identity, survives renames
 * @param name      what the user calls it ("prod", "staging")
 * @param endpoints client URLs of any of its nodes, tried in order
 * @param caFile    PEM of the CA that signs the nodes' certificates, or null
 * @param certFile  PEM client certificate, or null
 * @param keyFile   PEM private key of the client certificate, or null
 * @param username  basic-auth user, or null
 * @param colour    "#rrggbb", shown in the status line and the connections view
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterProfile(String id, String name, List<URI> endpoints, String caFile, String certFile,
        String keyFile, String username, String colour) {

    /** Colours handed to new clusters in turn: distinct, readable behind black text. */
    public static final List<String> PALETTE = List.of("#7cc47f", "#f2b35b", "#7fb2e5", "#e58a8a", "#b99be0",
            "#e0d46a", "#6fd0c6", "#d79ac4");

    public ClusterProfile {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? "cluster" : name.strip();
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        caFile = blankToNull(caFile);
        certFile = blankToNull(certFile);
        keyFile = blankToNull(keyFile);
        username = blankToNull(username);
        colour = colour == null || !colour.matches("#[0-9a-fA-F]{6}") ? PALETTE.get(0) : colour.toLowerCase();
    }

    /** A new profile with a fresh id. */
    public static ClusterProfile create(String name, List<URI> endpoints, String colour) {
        return new ClusterProfile(UUID.randomUUID().toString(), name, endpoints, null, null, null, null, colour);
    }

    public ClusterProfile withName(String newName) {
        return new ClusterProfile(id, newName, endpoints, caFile, certFile, keyFile, username, colour);
    }

    /** The client configuration for this cluster; {@code password} comes from secure storage. */
    public ClientConfig clientConfig(String password) throws ConfigException {
        if (endpoints.isEmpty()) {
            throw new ConfigException("cluster '" + name + "' has no endpoint");
        }
        ClientConfig.Builder b = ClientConfig.builder().endpoints(endpoints);
        if (caFile != null || certFile != null || keyFile != null) {
            b.tls(path(caFile), path(certFile), path(keyFile));
        }
        if (username != null) {
            b.credentials(username, password);
        }
        return b.build();
    }

    /** "http://a:2379, http://b:2379" */
    @JsonIgnore
    public String endpointList() {
        return String.join(", ", endpoints.stream().map(URI::toString).toList());
    }

    private static java.nio.file.Path path(String file) {
        return file == null ? null : java.nio.file.Path.of(file);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
