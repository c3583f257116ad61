package dev.flotilla.node.store;

/**
 * A validated etcd v2 write, as it travels through the Raft log. Parsing the HTTP form into this happens on
 * the member that received the request; applying it is deterministic.
 *
 * @param method     PUT, POST or DELETE
 * @param path       the key (cleaned by the store)
 * @param value      the value ("" when absent)
 * @param dir        dir=true
 * @param prevValue  prevValue ("" when absent)
 * @param prevIndex  prevIndex (0 when absent)
 * @param prevExist  prevExist (null when absent)
 * @param refresh    refresh=true
 * @param recursive  recursive=true
 * @param expireTime absolute expiry in epoch nanoseconds computed from ttl at receipt; 0 = permanent
 */
public record V2Request(Method method, String path, String value, boolean dir, String prevValue, long prevIndex,
                        Boolean prevExist, boolean refresh, boolean recursive, long expireTime) {

    public enum Method { PUT, POST, DELETE }

    public static V2Request put(String path, String value) {
        return new V2Request(Method.PUT, path, value, false, "", 0, null, false, false, 0);
    }

    public static V2Request delete(String path) {
        return new V2Request(Method.DELETE, path, "", false, "", 0, null, false, false, 0);
    }
}
