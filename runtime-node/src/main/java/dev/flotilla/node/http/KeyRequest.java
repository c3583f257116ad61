package dev.flotilla.node.http;

import dev.flotilla.node.store.EtcdError;
import dev.flotilla.node.store.ErrorCode;
import dev.flotilla.node.store.V2Request;

/**
 * A /v2/keys request parsed exactly as etcd's parseKeyRequest does: every validation error is reported
 * with etcd's code and cause and index 0, before anything is proposed.
 */
record KeyRequest(String method, String path, V2Request write, boolean recursive, boolean sorted, boolean waitFor,
                  long waitIndex, boolean quorum, boolean stream, boolean noValueOnSuccess) {

    static KeyRequest parse(String method, String key, Form form, long nowNanos, long maxValueBytes)
            throws EtcdError {
        if (form.error() != null) {
            throw bad(ErrorCode.INVALID_FORM, form.error());
        }
        long prevIndex = uint(form, "prevIndex", ErrorCode.INDEX_NAN, "invalid value for \"prevIndex\"");
        long waitIndex = uint(form, "waitIndex", ErrorCode.INDEX_NAN, "invalid value for \"waitIndex\"");
        boolean recursive = bool(form, "recursive");
        boolean sorted = bool(form, "sorted");
        boolean wait = bool(form, "wait");
        boolean dir = bool(form, "dir");
        boolean quorum = bool(form, "quorum");
        boolean stream = bool(form, "stream");
        if (wait && !"GET".equals(method)) {
            throw bad(ErrorCode.INVALID_FIELD, "\"wait\" can only be used with GET requests");
        }
        String prevValue = form.first("prevValue");
        if (form.has("prevValue") && prevValue.isEmpty()) {
            throw bad(ErrorCode.PREV_VALUE_REQUIRED, "\"prevValue\" cannot be empty");
        }
        boolean noValueOnSuccess = bool(form, "noValueOnSuccess");
        Long ttl = null;
        if (!form.first("ttl").isEmpty()) {
            ttl = uint(form, "ttl", ErrorCode.TTL_NAN, "invalid value for \"ttl\"");
        }
        Boolean prevExist = null;
        if (form.has("prevExist")) {
            prevExist = parseBool(form.first("prevExist"));
            if (prevExist == null) {
                throw bad(ErrorCode.INVALID_FIELD, "invalid value for prevExist");
            }
        }
        boolean refresh = false;
        if (form.has("refresh")) {
            Boolean r = parseBool(form.first("refresh"));
            if (r == null) {
                throw bad(ErrorCode.INVALID_FIELD, "invalid value for refresh");
            }
            refresh = r;
            if (refresh) {
                if (form.has("value") && !form.first("value").isEmpty()) {
                    throw bad(ErrorCode.REFRESH_VALUE, "A value was provided on a refresh");
                }
                if (ttl == null) {
                    throw bad(ErrorCode.REFRESH_TTL_REQUIRED, "No TTL value set");
                }
            }
        }
        String value = form.first("value");
        long valueBytes = utf8Length(value);
        if (valueBytes > maxValueBytes) {
            throw bad(ErrorCode.INVALID_FIELD,
                    "value is too large (" + valueBytes + " bytes; the limit is " + maxValueBytes + ")");
        }
        long expire = 0;
        if (ttl != null) {
            // etcd adds the TTL to the receiving member's clock; the absolute time goes into the log
            long ttlNanos = ttl > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE / 2 : ttl * 1_000_000_000L;
            expire = nowNanos + ttlNanos;
            if (expire <= 0) {
                expire = Long.MAX_VALUE;
            }
        }
        V2Request write = null;
        V2Request.Method m = switch (method) {
            case "PUT" -> V2Request.Method.PUT;
            case "POST" -> V2Request.Method.POST;
            case "DELETE" -> V2Request.Method.DELETE;
            default -> null;
        };
        if (m != null) {
            write = new V2Request(m, key, value, dir, prevValue, prevIndex, prevExist, refresh, recursive, expire);
        }
        return new KeyRequest(method, key, write, recursive, sorted, wait, waitIndex, quorum, stream,
                noValueOnSuccess);
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static EtcdError bad(ErrorCode code, String cause) {
        return new EtcdError(code, cause, 0);
    }

    private static long uint(Form form, String key, ErrorCode code, String cause) throws EtcdError {
        if (!form.has(key)) {
            return 0;
        }
        String s = form.first(key);
        // Go's strconv.ParseUint: decimal digits only, no sign, fits in 64 bits
        if (s.isEmpty() || s.length() > 20) {
            throw bad(code, cause);
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw bad(code, cause);
            }
        }
        try {
            long v = Long.parseUnsignedLong(s);
            // indexes and TTLs beyond the signed range are not meaningful here: treat them as not a number
            if (v < 0) {
                throw bad(code, cause);
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(code, cause);
        }
    }

    private static boolean bool(Form form, String key) throws EtcdError {
        if (!form.has(key)) {
            return false;
        }
        Boolean b = parseBool(form.first(key));
        if (b == null) {
            throw bad(ErrorCode.INVALID_FIELD, "invalid value for \"" + key + "\"");
        }
        return b;
    }

    /** Go's strconv.ParseBool. */
    static Boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }
}
