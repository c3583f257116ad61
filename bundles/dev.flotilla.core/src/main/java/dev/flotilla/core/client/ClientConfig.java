package dev.flotilla.core.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach the cluster: the endpoints to try in order, the timeouts, TLS files and credentials.
 * Immutable; build one with {@link #builder()}.
 */
public final class ClientConfig {
    /** etcd's client port on this machine, the default endpoint. */
    public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:2379");

    private final List<URI> endpoints;
    private final Duration requestTimeout;
    private final Duration totalTimeout;
    private final Path caFile;
    private final Path certFile;
    private final Path keyFile;
    private final String username;
    private final String password;

    private ClientConfig(Builder b) {
        this.endpoints = List.copyOf(b.endpoints.isEmpty() ? List.of(DEFAULT_ENDPOINT) : b.endpoints);
        this.requestTimeout = b.requestTimeout;
        this.totalTimeout = b.totalTimeout;
        this.caFile = b.caFile;
        this.certFile = b.certFile;
        this.keyFile = b.keyFile;
        this.username = b.username;
        this.password = b.password;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<URI> endpoints() {
        return endpoints;
    }

    /** How long one request may take to get its response headers before the next endpoint is tried. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long one call may take over all endpoints it tries; long polls (watches) are exempt. */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    public Path caFile() {
        return caFile;
    }

    public Path certFile() {
        return certFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /**
     * Parses a comma-separated endpoint list such as {@code http://10.0.0.1:2379,https://10.0.0.2:2379}.
     * An entry without a scheme ({@code 10.0.0.1:2379}) means http, as etcdctl does.
     *
     * @throws ConfigException naming the entry that is not a usable http(s) URL
     */
    public static List<URI> parseEndpoints(String commaSeparated) throws ConfigException {
        List<URI> out = new ArrayList<>();
        if (commaSeparated == null) {
            return out;
        }
        for (String raw : commaSeparated.split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (!s.contains("://")) {
                s = "http://" + s;
            }
            URI u;
            try {
                u = new URI(s);
            } catch (URISyntaxException e) {
                throw new ConfigException("bad endpoint '" + raw.trim() + "': " + e.getReason());
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigException("bad endpoint '" + raw.trim() + "': the scheme must be http or https");
            }
            if (u.getHost() == null) {
                throw new ConfigException("bad endpoint '" + raw.trim() + "': no host name");
            }
            if (u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new ConfigException("bad endpoint '" + raw.trim() + "': an endpoint has no query or fragment");
            }
            // the API paths are appended to the endpoint's own path, so drop a trailing slash
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            out.add(URI.create(scheme + "://" + u.getRawAuthority() + path));
        }
        if (out.isEmpty()) {
            throw new ConfigException("no endpoint given in '" + commaSeparated + "'");
        }
        return out;
    }

    public static final class Builder {
        private final List<URI> endpoints = new ArrayList<>();
        private Duration requestTimeout = Duration.ofSeconds(3);
        private Duration totalTimeout = Duration.ofSeconds(10);
        private Path caFile;
        private Path certFile;
        private Path keyFile;
        private String username;
        private String password;

        private Builder() {
        }

        public Builder endpoints(List<URI> list) {
            endpoints.clear();
            endpoints.addAll(list);
            return this;
        }

        public Builder endpoint(URI endpoint) {
            endpoints.add(Objects.requireNonNull(endpoint));
            return this;
        }

        public Builder requestTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("request timeout must be positive: " + d);
            }
            this.requestTimeout = d;
            return this;
        }

        public Builder totalTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("total timeout must be positive: " + d);
            }
            this.totalTimeout = d;
            return this;
        }

        public Builder tls(Path caFile, Path certFile, Path keyFile) {
            this.caFile = caFile;
            this.certFile = certFile;
            this.keyFile = keyFile;
            return this;
        }

        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
