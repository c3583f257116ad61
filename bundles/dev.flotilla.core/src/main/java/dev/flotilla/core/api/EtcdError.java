package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of a failed etcd v2 keys request: {@code {"errorCode":C,"message":M,"cause":X,"index":I}}.
 *
 * @param errorCode etcd's error number (100 key not found, 101 compare failed, 105 key exists, ...)
 * @param message   etcd's fixed text for the code
 * @param cause     what the error is about, usually a key; omitted when empty
 * @param index     the store index when the error happened
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"errorCode", "message", "cause", "index"})
public record EtcdError(
        int errorCode,
        String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String cause,
        long index) {

    public static final int KEY_NOT_FOUND = 100;
    public static final int TEST_FAILED = 101;
    public static final int NOT_FILE = 102;
    public static final int NOT_DIR = 104;
    public static final int NODE_EXIST = 105;
    public static final int ROOT_READ_ONLY = 107;
    public static final int DIR_NOT_EMPTY = 108;
    public static final int UNAUTHORIZED = 110;
    public static final int TTL_NAN = 202;
    public static final int INDEX_NAN = 203;
    public static final int INVALID_FIELD = 209;
    public static final int RAFT_INTERNAL = 300;
    public static final int LEADER_ELECT = 301;
    public static final int WATCHER_CLEARED = 400;
    public static final int EVENT_INDEX_CLEARED = 401;

    /** etcd's Go client rendering, {@code 100: Key not found (/foo) [12]}, which etcdctl prints after "Error:  ". */
    @Override
    public String toString() {
        return errorCode + ": " + message + " (" + (cause == null ? "" : cause) + ") [" + index + "]";
    }
}
