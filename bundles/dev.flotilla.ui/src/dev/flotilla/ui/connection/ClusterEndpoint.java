package dev.flotilla.ui.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The HTTP endpoint of a cluster's etcd-v2-compatible API, e.g. {@code http://127.0.0.1:2379}.
 *
 * @param uri scheme, host and port only (no path, query or fragment)
 */
public record ClusterEndpoint(URI uri) {

    /** Where a local node listens unless told otherwise. */
    public static final String DEFAULT = "http://127.0.0.1:2379";
    /** System property naming the endpoint, for launches that cannot pass program arguments. */
    public static final String PROPERTY = "flotilla.connect";
    /** Program argument naming the endpoint: {@code --connect URL} or {@code --connect=URL}. */
    public static final String ARGUMENT = "--connect";

    /**
     * Parses what a user typed or passed.
     *
     * @param text   the URL, e.g. {@code http://10.0.0.5:2379}; a trailing slash is allowed
     * @param source where the text came from, named in the error message (e.g. "argument --connect")
     */
    public static ClusterEndpoint parse(String text, String source) throws InvalidEndpointException {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidEndpointException(source + ": no URL given; expected one like " + DEFAULT);
        }
        if (!trimmed.contains("://")) {
            throw new InvalidEndpointException(source + ": '" + trimmed + "' must start with http:// or https://"
                    + "; expected one like " + DEFAULT);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new InvalidEndpointException(source + ": '" + trimmed + "' is not a URL (" + e.getReason()
                    + " at character " + (e.getIndex() + 1) + "); expected one like " + DEFAULT);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new InvalidEndpointException(source + ": '" + trimmed + "' must start with http:// or https://"
                    + "; expected one like " + DEFAULT);
        }
        if (uri.getHost() == null) {
            throw new InvalidEndpointException(source + ": '" + trimmed + "' has no host; expected one like " + DEFAULT);
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new InvalidEndpointException(source + ": '" + trimmed
                    + "' must be scheme, host and port only (no path or query); expected one like " + DEFAULT);
        }
        int port = uri.getPort();
        try {
            return new ClusterEndpoint(new URI(scheme, null, uri.getHost(), port, null, null, null));
        } catch (URISyntaxException e) {
            throw new InvalidEndpointException(source + ": '" + trimmed + "' is not a URL: " + e.getReason());
        }
    }

    /**
     * The endpoint a launch asks for: {@code --connect URL} (or {@code --connect=URL}) among the program
     * arguments wins, then the {@value #PROPERTY} system property, then {@value #DEFAULT}.
     */
    public static ClusterEndpoint fromLaunch(String[] programArgs, String propertyValue)
            throws InvalidEndpointException {
        if (programArgs != null) {
            for (int i = 0; i < programArgs.length; i++) {
                String arg = programArgs[i];
                if (ARGUMENT.equals(arg)) {
                    if (i + 1 >= programArgs.length) {
                        throw new InvalidEndpointException("argument " + ARGUMENT + ": missing URL after it; "
                                + "expected e.g. " + ARGUMENT + " " + DEFAULT);
                    }
                    return parse(programArgs[i + 1], "argument " + ARGUMENT);
                }
                if (arg != null && arg.startsWith(ARGUMENT + "=")) {
                    return parse(arg.substring(ARGUMENT.length() + 1), "argument " + ARGUMENT);
                }
            }
        }
        if (propertyValue != null && !propertyValue.isBlank()) {
            return parse(propertyValue, "system property " + PROPERTY);
        }
        try {
            return parse(DEFAULT, "default");
        } catch (InvalidEndpointException e) {
            throw new IllegalStateException("the built-in default endpoint must parse", e);
        }
    }

    /** This endpoint with a path and query appended, e.g. {@code /v2/keys/?recursive=true}. */
    public URI resolve(String pathAndQuery) {
        return URI.create(uri.toString() + pathAndQuery);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
