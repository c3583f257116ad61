package dev.flotilla.core.client;

/**
 * Options of a keys PUT.
 *
 * @param prevValue  succeed only if the current value equals this (ignored when null or empty, as in etcd)
 * @param prevIndex  succeed only if the current modifiedIndex equals this (ignored when 0)
 * @param prevExist  TRUE: the key must exist (update); FALSE: it must not (create); null: either
 * @param ttlSeconds expire after this many seconds (none when 0 or less)
 * @param dir        create a directory instead of a file; the value is then ignored
 * @param refresh    reset the TTL without changing the value or notifying watchers
 */
public record SetOptions(String prevValue, long prevIndex, Boolean prevExist, long ttlSeconds, boolean dir,
                         boolean refresh) {
    public static final SetOptions DEFAULT = new SetOptions(null, 0, null, 0, false, false);

    public SetOptions withPrevValue(String v) {
        return new SetOptions(v, prevIndex, prevExist, ttlSeconds, dir, refresh);
    }

    public SetOptions withPrevIndex(long i) {
        return new SetOptions(prevValue, i, prevExist, ttlSeconds, dir, refresh);
    }

    public SetOptions withPrevExist(Boolean e) {
        return new SetOptions(prevValue, prevIndex, e, ttlSeconds, dir, refresh);
    }

    public SetOptions withTtl(long seconds) {
        return new SetOptions(prevValue, prevIndex, prevExist, seconds, dir, refresh);
    }

    public SetOptions withDir(boolean d) {
        return new SetOptions(prevValue, prevIndex, prevExist, ttlSeconds, d, refresh);
    }

    public SetOptions withRefresh(boolean r) {
        return new SetOptions(prevValue, prevIndex, prevExist, ttlSeconds, dir, r);
    }
}
