package dev.flotilla.node.store;

import java.nio.charset.StandardCharsets;

/**
 * One store change (or a get) as etcd reports it. Write events go to the event history and to watchers;
 * their JSON is rendered once and shared by every watcher that receives them.
 *
 * @param action    get, set, create, update, compareAndSwap, delete, compareAndDelete or expire
 * @param node      the node after the change
 * @param prevNode  the node before the change, or null
 * @param etcdIndex the store index when the event was produced (X-Etcd-Index)
 * @param refresh   a TTL refresh: recorded in history but not sent to watchers
 */
public record Event(String action, NodeView node, NodeView prevNode, long etcdIndex, boolean refresh) {
    public static final String GET = "get";
    public static final String SET = "set";
    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String COMPARE_AND_SWAP = "compareAndSwap";
    public static final String DELETE = "delete";
    public static final String COMPARE_AND_DELETE = "compareAndDelete";
    public static final String EXPIRE = "expire";

    /** The index of the event itself (etcd: the node's modifiedIndex). */
    public long index() {
        return node.modifiedIndex();
    }

    /** etcd's IsCreated: answered with 201. */
    public boolean isCreated() {
        return CREATE.equals(action) || (SET.equals(action) && prevNode == null);
    }

    /** The JSON body etcd writes for this event, with Go's trailing newline. */
    public String toJson(boolean noValue) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"action\":");
        EtcdJson.string(sb, action);
        boolean hideNodes = noValue && (SET.equals(action) || COMPARE_AND_SWAP.equals(action)
                || CREATE.equals(action) || UPDATE.equals(action));
        if (!hideNodes) {
            if (node != null) {
                sb.append(",\"node\":");
                EtcdJson.node(sb, node);
            }
            if (prevNode != null) {
                sb.append(",\"prevNode\":");
                EtcdJson.node(sb, prevNode);
            }
        }
        sb.append("}\n");
        return sb.toString();
    }

    public byte[] toJsonBytes() {
        return toJson(false).getBytes(StandardCharsets.UTF_8);
    }
}
