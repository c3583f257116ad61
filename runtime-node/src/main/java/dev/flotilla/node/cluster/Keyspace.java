package dev.flotilla.node.cluster;

/**
 * Key names of Flotilla's state in the store. Everything lives under the hidden {@code /_flotilla} directory, so a
 * plain {@code etcdctl ls /} shows only user keys. See the README's keyspace table.
 */
public final class Keyspace {
    public static final String ROOT = "/_flotilla";
    public static final String MACHINES = ROOT + "/machines";
    public static final String UNITS = ROOT + "/units";
    public static final String SCHEDULE = ROOT + "/schedule";
    public static final String PLACEMENT = ROOT + "/placement";
    public static final String STATE = ROOT + "/state";
    public static final String ENGINE_LEADER = ROOT + "/engine/leader";
    /** Operator-set machine metadata (fleet API PATCH), kept apart from the TTL'd record so it outlives restarts. */
    public static final String METADATA = ROOT + "/metadata";

    public static final String FILE = "file";
    public static final String DESIRED = "desired";
    public static final String PIN = "pin";
    /** Where the engine says why it refused a pin (a {@link Records.PinRefusal}, short TTL). */
    public static final String PIN_REFUSED = "pin-refused";

    private Keyspace() {}

    public static String machine(String id) { return MACHINES + "/" + id; }
    public static String unit(String name) { return UNITS + "/" + name; }
    public static String unitFile(String name) { return unit(name) + "/" + FILE; }
    public static String unitDesired(String name) { return unit(name) + "/" + DESIRED; }
    public static String unitPin(String name) { return unit(name) + "/" + PIN; }
    public static String unitPinRefused(String name) { return unit(name) + "/" + PIN_REFUSED; }
    public static String metadataDir(String machineId) { return METADATA + "/" + machineId; }
    public static String metadata(String machineId, String key) { return metadataDir(machineId) + "/" + key; }
    public static String scheduleDir(String machineId) { return SCHEDULE + "/" + machineId; }
    public static String schedule(String machineId, String unit) { return scheduleDir(machineId) + "/" + unit; }
    public static String placement(String unit) { return PLACEMENT + "/" + unit; }
    public static String stateDir(String unit) { return STATE + "/" + unit; }
    public static String state(String unit, String machineId) { return stateDir(unit) + "/" + machineId; }

    /** The last segment of a key: {@code last("/_flotilla/units/a.service")} is {@code "a.service"}. */
    public static String last(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /**
     * The path segments of a key below a directory: {@code below("/_flotilla/units", "/_flotilla/units/a/file")}
     * is {@code ["a", "file"]}; an empty array when the key is the directory itself or outside it.
     */
    public static String[] below(String dir, String key) {
        if (key == null || !key.startsWith(dir + "/")) return new String[0];
        return key.substring(dir.length() + 1).split("/");
    }
}
