package dev.flotilla.node.store;

import java.util.concurrent.atomic.AtomicLong;

/** etcd's store counters, served at /v2/stats/store. Local to a member. */
public final class StoreStats {
    final AtomicLong getsSuccess = new AtomicLong();
    final AtomicLong getsFail = new AtomicLong();
    final AtomicLong setsSuccess = new AtomicLong();
    final AtomicLong setsFail = new AtomicLong();
    final AtomicLong deleteSuccess = new AtomicLong();
    final AtomicLong deleteFail = new AtomicLong();
    final AtomicLong updateSuccess = new AtomicLong();
    final AtomicLong updateFail = new AtomicLong();
    final AtomicLong createSuccess = new AtomicLong();
    final AtomicLong createFail = new AtomicLong();
    final AtomicLong compareAndSwapSuccess = new AtomicLong();
    final AtomicLong compareAndSwapFail = new AtomicLong();
    final AtomicLong compareAndDeleteSuccess = new AtomicLong();
    final AtomicLong compareAndDeleteFail = new AtomicLong();
    final AtomicLong expireCount = new AtomicLong();

    /** The JSON etcd serves, in its field order. */
    public String toJson(long watchers) {
        return "{\"getsSuccess\":" + getsSuccess + ",\"getsFail\":" + getsFail
                + ",\"setsSuccess\":" + setsSuccess + ",\"setsFail\":" + setsFail
                + ",\"deleteSuccess\":" + deleteSuccess + ",\"deleteFail\":" + deleteFail
                + ",\"updateSuccess\":" + updateSuccess + ",\"updateFail\":" + updateFail
                + ",\"createSuccess\":" + createSuccess + ",\"createFail\":" + createFail
                + ",\"compareAndSwapSuccess\":" + compareAndSwapSuccess
                + ",\"compareAndSwapFail\":" + compareAndSwapFail
                + ",\"compareAndDeleteSuccess\":" + compareAndDeleteSuccess
                + ",\"compareAndDeleteFail\":" + compareAndDeleteFail
                + ",\"expireCount\":" + expireCount + ",\"watchers\":" + watchers + "}";
    }
}
