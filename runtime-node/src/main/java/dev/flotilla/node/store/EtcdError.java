package dev.flotilla.node.store;

/**
 * An etcd v2 error: code, cause and the store index it was raised at. Thrown by the store on a rejected
 * operation (which changes nothing) and rendered by the HTTP layer as etcd's error body.
 */
public final class EtcdError extends Exception {
    private final ErrorCode code;
    private final String cause;
    private final long index;

    public EtcdError(ErrorCode code, String cause, long index) {
        super(code.code + ": " + code.message + " (" + cause + ") [" + index + "]", null, false, false);
        this.code = code;
        this.cause = cause;
        this.index = index;
    }

    public ErrorCode code() {
        return code;
    }

    public String causeText() {
        return cause;
    }

    public long index() {
        return index;
    }

    public EtcdError withIndex(long newIndex) {
        return new EtcdError(code, cause, newIndex);
    }

    /** etcd's body: {"errorCode":C,"message":M,"cause":X,"index":I} plus Go's trailing newline. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(96);
        sb.append("{\"errorCode\":").append(code.code).append(",\"message\":");
        EtcdJson.string(sb, code.message);
        if (cause != null && !cause.isEmpty()) {
            sb.append(",\"cause\":");
            EtcdJson.string(sb, cause);
        }
        sb.append(",\"index\":").append(index).append("}\n");
        return sb.toString();
    }
}
