package dev.flotilla.node.cli;

/**
 * Exit statuses, the same numbers etcdctl (API v2) uses so scripts written for it keep working.
 */
public final class ExitCodes {
    public static final int SUCCESS = 0;
    /** Bad arguments or options, or a local problem (unreadable file, ...). */
    public static final int BAD_ARGS = 1;
    /** No endpoint could be reached. */
    public static final int BAD_CONNECTION = 2;
    public static final int BAD_AUTH = 3;
    /** The server refused the request (key not found, compare failed, ...). */
    public static final int SERVER_ERROR = 4;
    public static final int CLUSTER_NOT_HEALTHY = 5;

    private ExitCodes() {
    }
}
