package dev.flotilla.core.unit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys systemd knows per section (systemd.unit, .service, .exec, .kill, .resource-control, .socket, .timer,
 * .path, .mount, .automount, .swap), used to warn about unknown (usually misspelt) keys, and which keys systemd
 * expands specifiers in. Keys starting with {@code X-} are extensions systemd ignores silently.
 */
public final class SystemdKeys {
    private SystemdKeys() { }

    private static final List<String> UNIT = List.of("Description", "Documentation", "Requires", "Requisite", "Wants",
            "BindsTo", "PartOf", "Upholds", "Conflicts", "Before", "After", "OnFailure", "OnSuccess",
            "PropagatesReloadTo", "ReloadPropagatedFrom", "PropagatesStopTo", "StopPropagatedFrom", "JoinsNamespaceOf",
            "RequiresMountsFor", "WantsMountsFor", "OnFailureJobMode", "OnSuccessJobMode", "IgnoreOnIsolate",
            "StopWhenUnneeded", "RefuseManualStart", "RefuseManualStop", "AllowIsolate", "DefaultDependencies",
            "SurviveFinalKillSignal", "CollectMode", "FailureAction", "SuccessAction", "FailureActionExitStatus",
            "SuccessActionExitStatus", "JobTimeoutSec", "JobRunningTimeoutSec", "JobTimeoutAction",
            "JobTimeoutRebootArgument", "StartLimitIntervalSec", "StartLimitBurst", "StartLimitAction",
            "RebootArgument", "SourcePath", "Names", "Following", "StartLimitInterval",
            "ConditionArchitecture", "ConditionFirmware", "ConditionVirtualization", "ConditionHost",
            "ConditionKernelCommandLine", "ConditionKernelVersion", "ConditionCredential", "ConditionEnvironment",
            "ConditionSecurity", "ConditionCapability", "ConditionACPower", "ConditionNeedsUpdate",
            "ConditionFirstBoot", "ConditionPathExists", "ConditionPathExistsGlob", "ConditionPathIsDirectory",
            "ConditionPathIsSymbolicLink", "ConditionPathIsMountPoint", "ConditionPathIsReadWrite",
            "ConditionPathIsEncrypted", "ConditionDirectoryNotEmpty", "ConditionFileNotEmpty",
            "ConditionFileIsExecutable", "ConditionUser", "ConditionGroup", "ConditionControlGroupController",
            "ConditionMemory", "ConditionCPUs", "ConditionCPUFeature", "ConditionOSRelease", "ConditionMemoryPressure",
            "ConditionCPUPressure", "ConditionIOPressure", "AssertArchitecture", "AssertVirtualization", "AssertHost",
            "AssertKernelCommandLine", "AssertKernelVersion", "AssertCredential", "AssertEnvironment", "AssertSecurity",
            "AssertCapability", "AssertACPower", "AssertNeedsUpdate", "AssertFirstBoot", "AssertPathExists",
            "AssertPathExistsGlob", "AssertPathIsDirectory", "AssertPathIsSymbolicLink", "AssertPathIsMountPoint",
            "AssertPathIsReadWrite", "AssertPathIsEncrypted", "AssertDirectoryNotEmpty", "AssertFileNotEmpty",
            "AssertFileIsExecutable", "AssertUser", "AssertGroup", "AssertControlGroupController", "AssertMemory",
            "AssertCPUs", "AssertCPUFeature", "AssertOSRelease");

    /** Old names systemd still accepts, with the name to use instead. */
    public static final Map<String, String> DEPRECATED_UNIT = Map.of("BindTo", "BindsTo",
            "OnFailureIsolate", "OnFailureJobMode=isolate", "IgnoreDependencyFailure", "(nothing, it has no effect)",
            "PropagateReloadTo", "PropagatesReloadTo", "PropagateReloadFrom", "ReloadPropagatedFrom",
            "StartLimitInterval", "StartLimitIntervalSec");

    private static final List<String> INSTALL = List.of("Alias", "WantedBy", "RequiredBy", "UpheldBy", "Also",
            "DefaultInstance");

    private static final List<String> EXEC = List.of("ExecSearchPath", "WorkingDirectory", "RootDirectory",
            "RootImage", "RootImageOptions", "RootEphemeral", "RootHash", "RootHashSignature", "RootVerity",
            "RootImagePolicy", "MountImagePolicy", "ExtensionImagePolicy", "MountAPIVFS", "ProtectProc", "ProcSubset",
            "BindPaths", "BindReadOnlyPaths", "MountImages", "ExtensionImages", "ExtensionDirectories", "User", "Group",
            "DynamicUser", "SupplementaryGroups", "SetLoginEnvironment", "PAMName", "CapabilityBoundingSet",
            "AmbientCapabilities", "NoNewPrivileges", "SecureBits", "SELinuxContext", "AppArmorProfile",
            "SmackProcessLabel", "LimitCPU", "LimitFSIZE", "LimitDATA", "LimitSTACK", "LimitCORE", "LimitRSS",
            "LimitNOFILE", "LimitAS", "LimitNPROC", "LimitMEMLOCK", "LimitLOCKS", "LimitSIGPENDING", "LimitMSGQUEUE",
            "LimitNICE", "LimitRTPRIO", "LimitRTTIME", "UMask", "CoredumpFilter", "KeyringMode", "OOMScoreAdjust",
            "TimerSlackNSec", "Personality", "IgnoreSIGPIPE", "Nice", "CPUSchedulingPolicy", "CPUSchedulingPriority",
            "CPUSchedulingResetOnFork", "CPUAffinity", "NUMAPolicy", "NUMAMask", "IOSchedulingClass",
            "IOSchedulingPriority", "ProtectSystem", "ProtectHome", "RuntimeDirectory", "StateDirectory",
            "CacheDirectory", "LogsDirectory", "ConfigurationDirectory", "RuntimeDirectoryMode", "StateDirectoryMode",
            "CacheDirectoryMode", "LogsDirectoryMode", "ConfigurationDirectoryMode", "RuntimeDirectoryPreserve",
            "TimeoutCleanSec", "ReadWritePaths", "ReadOnlyPaths", "InaccessiblePaths", "ExecPaths", "NoExecPaths",
            "TemporaryFileSystem", "PrivateTmp", "PrivateDevices", "PrivateNetwork", "NetworkNamespacePath",
            "PrivateIPC", "IPCNamespacePath", "MemoryKSM", "PrivateUsers", "ProtectHostname", "ProtectClock",
            "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups",
            "RestrictAddressFamilies", "RestrictFileSystems", "RestrictNamespaces", "LockPersonality",
            "MemoryDenyWriteExecute", "RestrictRealtime", "RestrictSUIDSGID", "RemoveIPC", "PrivateMounts",
            "MountFlags", "SystemCallFilter", "SystemCallErrorNumber", "SystemCallArchitectures", "SystemCallLog",
            "Environment", "EnvironmentFile", "PassEnvironment", "UnsetEnvironment", "StandardInput",
            "StandardOutput", "StandardError", "StandardInputText", "StandardInputData", "LogLevelMax",
            "LogExtraFields", "LogRateLimitIntervalSec", "LogRateLimitBurst", "LogFilterPatterns", "LogNamespace",
            "SyslogIdentifier", "SyslogFacility", "SyslogLevel", "SyslogLevelPrefix", "TTYPath", "TTYReset",
            "TTYVHangup", "TTYRows", "TTYColumns", "TTYVTDisallocate", "LoadCredential", "LoadCredentialEncrypted",
            "ImportCredential", "SetCredential", "SetCredentialEncrypted", "UtmpIdentifier", "UtmpMode",
            "ReadWriteDirectories", "ReadOnlyDirectories", "InaccessibleDirectories", "PermissionsStartOnly",
            "Capabilities", "ControlGroup", "ControlGroupModify", "ControlGroupPersistent", "TCPWrapName",
            "SyslogLevelPrefix", "Delegate", "DelegateSubgroup");

    private static final List<String> KILL = List.of("KillMode", "KillSignal", "RestartKillSignal", "SendSIGHUP",
            "SendSIGKILL", "FinalKillSignal", "WatchdogSignal");

    private static final List<String> RESOURCE = List.of("CPUAccounting", "CPUWeight", "StartupCPUWeight",
            "CPUQuota", "CPUQuotaPeriodSec", "AllowedCPUs", "StartupAllowedCPUs", "MemoryAccounting", "MemoryMin",
            "MemoryLow", "StartupMemoryLow", "DefaultStartupMemoryLow", "MemoryHigh", "StartupMemoryHigh", "MemoryMax",
            "StartupMemoryMax", "MemorySwapMax", "StartupMemorySwapMax", "MemoryZSwapMax", "StartupMemoryZSwapMax",
            "MemoryZSwapWriteback", "AllowedMemoryNodes", "StartupAllowedMemoryNodes", "TasksAccounting", "TasksMax",
            "IOAccounting", "IOWeight", "StartupIOWeight", "IODeviceWeight", "IOReadBandwidthMax",
            "IOWriteBandwidthMax", "IOReadIOPSMax", "IOWriteIOPSMax", "IODeviceLatencyTargetSec", "IPAccounting",
            "IPAddressAllow", "IPAddressDeny", "SocketBindAllow", "SocketBindDeny", "RestrictNetworkInterfaces",
            "NFTSet", "IPIngressFilterPath", "IPEgressFilterPath", "BPFProgram", "DeviceAllow", "DevicePolicy", "Slice",
            "ManagedOOMSwap", "ManagedOOMMemoryPressure", "ManagedOOMMemoryPressureLimit",
            "ManagedOOMPreference", "MemoryPressureWatch", "MemoryPressureThresholdSec", "CoredumpReceive",
            "CPUShares", "StartupCPUShares", "MemoryLimit", "BlockIOAccounting", "BlockIOWeight",
            "StartupBlockIOWeight", "BlockIODeviceWeight", "BlockIOReadBandwidth", "BlockIOWriteBandwidth",
            "NetClass", "MemorySoftLimit");

    private static final List<String> SERVICE = List.of("Type", "ExitType", "RemainAfterExit", "GuessMainPID",
            "PIDFile", "BusName", "ExecStart", "ExecStartPre", "ExecStartPost", "ExecCondition", "ExecReload",
            "ExecStop", "ExecStopPost", "RestartSec", "RestartSteps", "RestartMaxDelaySec", "TimeoutStartSec",
            "TimeoutStopSec", "TimeoutAbortSec", "TimeoutSec", "TimeoutStartFailureMode", "TimeoutStopFailureMode",
            "RuntimeMaxSec", "RuntimeRandomizedExtraSec", "WatchdogSec", "Restart", "RestartMode",
            "SuccessExitStatus", "RestartPreventExitStatus", "RestartForceExitStatus", "RootDirectoryStartOnly",
            "NonBlocking", "NotifyAccess", "Sockets", "FileDescriptorStoreMax", "FileDescriptorStorePreserve",
            "USBFunctionDescriptors", "USBFunctionStrings", "OOMPolicy", "OpenFile", "ReloadSignal",
            "StartLimitInterval", "StartLimitBurst", "StartLimitAction", "FailureAction", "RebootArgument");

    private static final List<String> SOCKET = List.of("ListenStream", "ListenDatagram", "ListenSequentialPacket",
            "ListenFIFO", "ListenSpecial", "ListenNetlink", "ListenMessageQueue", "ListenUSBFunction", "SocketProtocol",
            "BindIPv6Only", "Backlog", "BindToDevice", "SocketUser", "SocketGroup", "DirectoryMode", "SocketMode",
            "Accept", "Writable", "FlushPending", "MaxConnections", "MaxConnectionsPerSource", "KeepAlive",
            "KeepAliveTimeSec", "KeepAliveIntervalSec", "KeepAliveProbes", "NoDelay", "Priority", "DeferAcceptSec",
            "ReceiveBuffer", "SendBuffer", "IPTOS", "IPTTL", "Mark", "ReusePort", "SmackLabel", "SmackLabelIPIn",
            "SmackLabelIPOut", "SELinuxContextFromNet", "PipeSize", "MessageQueueMaxMessages",
            "MessageQueueMessageSize", "FreeBind", "Transparent", "Broadcast", "PassCredentials", "PassSecurity",
            "PassPacketInfo", "Timestamping", "TCPCongestion", "ExecStartPre", "ExecStartPost", "ExecStopPre",
            "ExecStopPost", "TimeoutSec", "Service", "RemoveOnStop", "Symlinks", "FileDescriptorName",
            "TriggerLimitIntervalSec", "TriggerLimitBurst", "PollLimitIntervalSec", "PollLimitBurst",
            "PassFileDescriptorsToExec");

    private static final List<String> TIMER = List.of("OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec",
            "OnUnitInactiveSec", "OnCalendar", "AccuracySec", "RandomizedDelaySec", "FixedRandomDelay",
            "OnClockChange", "OnTimezoneChange", "Unit", "Persistent", "WakeSystem", "RemainAfterElapse");

    private static final List<String> PATH = List.of("PathExists", "PathExistsGlob", "PathChanged", "PathModified",
            "DirectoryNotEmpty", "Unit", "MakeDirectory", "DirectoryMode", "TriggerLimitIntervalSec",
            "TriggerLimitBurst");

    private static final List<String> MOUNT = List.of("What", "Where", "Type", "Options", "SloppyOptions",
            "LazyUnmount", "ReadWriteOnly", "ForceUnmount", "DirectoryMode", "TimeoutSec");

    private static final List<String> AUTOMOUNT = List.of("Where", "ExtraOptions", "DirectoryMode", "TimeoutIdleSec");

    private static final List<String> SWAP = List.of("What", "Priority", "Options", "TimeoutSec");

    private static final Map<String, Set<String>> KNOWN = new HashMap<>();

    static {
        KNOWN.put("Unit", set(UNIT));
        KNOWN.put("Install", set(INSTALL));
        KNOWN.put("Service", set(SERVICE, EXEC, KILL, RESOURCE));
        KNOWN.put("Socket", set(SOCKET, EXEC, KILL, RESOURCE));
        KNOWN.put("Mount", set(MOUNT, EXEC, KILL, RESOURCE));
        KNOWN.put("Swap", set(SWAP, EXEC, KILL, RESOURCE));
        KNOWN.put("Timer", set(TIMER));
        KNOWN.put("Path", set(PATH));
        KNOWN.put("Automount", set(AUTOMOUNT));
        KNOWN.put("Slice", set(RESOURCE));
        KNOWN.put("Scope", set(RESOURCE, KILL, List.of("RuntimeMaxSec", "RuntimeRandomizedExtraSec", "OOMPolicy",
                "TimeoutStopSec")));
        KNOWN.put(ContainerConfig.SECTION, set(ContainerConfig.KEYS));
    }

    @SafeVarargs
    private static Set<String> set(List<String>... lists) {
        Set<String> s = new HashSet<>();
        for (List<String> l : lists) {
            s.addAll(l);
        }
        return Set.copyOf(s);
    }

    /** The section that configures a unit type ({@code service} → {@code Service}); null for types without one. */
    public static String typeSection(String type) {
        return switch (type) {
            case "service" -> "Service";
            case "socket" -> "Socket";
            case "timer" -> "Timer";
            case "path" -> "Path";
            case "mount" -> "Mount";
            case "automount" -> "Automount";
            case "swap" -> "Swap";
            case "slice" -> "Slice";
            case "scope" -> "Scope";
            default -> null;
        };
    }

    /** True when Flotilla knows which keys the section takes. */
    public static boolean isKnownSection(String section) {
        return KNOWN.containsKey(section);
    }

    /** The keys a known section takes, sorted (empty for unknown sections); for completion in editors. */
    public static java.util.SortedSet<String> keys(String section) {
        Set<String> keys = KNOWN.get(section);
        return keys == null ? java.util.Collections.emptySortedSet()
                : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(keys));
    }

    /** The sections whose keys Flotilla knows, sorted. */
    public static java.util.SortedSet<String> sections() {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(KNOWN.keySet()));
    }

    public static boolean isKnownKey(String section, String key) {
        Set<String> keys = KNOWN.get(section);
        return keys != null && keys.contains(key);
    }

    /** The known key closest to {@code key} (edit distance at most 2, or a case-only difference), or null. */
    public static String suggest(String section, String key) {
        Set<String> keys = KNOWN.get(section);
        if (keys == null) {
            return null;
        }
        String best = null;
        int bestDist = 3;
        for (String k : keys) {
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
            if (Math.abs(k.length() - key.length()) > 2) {
                continue;
            }
            int d = distance(k, key, 3);
            if (d < 3 && (d < bestDist || (d == bestDist && k.compareTo(best) < 0))) {
                bestDist = d;
                best = k;
            }
        }
        return best;
    }

    /** Levenshtein distance, giving up (returning {@code limit}) once it reaches limit. */
    static int distance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], limit);
    }

    /** Whether systemd expands {@code %} specifiers in this key's values. */
    public static boolean expandsSpecifiers(String section, String key) {
        if (key.startsWith("Exec") || key.startsWith("Condition") || key.startsWith("Assert")
                || key.startsWith("Listen") || key.startsWith("Path")) {
            return true;
        }
        return switch (key) {
            case "Description", "Documentation", "Requires", "Requisite", "Wants", "BindsTo", "BindTo", "PartOf",
                 "Upholds", "Conflicts", "Before", "After", "OnFailure", "OnSuccess", "PropagatesReloadTo",
                 "ReloadPropagatedFrom", "JoinsNamespaceOf", "RequiresMountsFor", "Environment", "EnvironmentFile",
                 "WorkingDirectory", "RootDirectory", "User", "Group", "SyslogIdentifier", "PIDFile", "Service",
                 "Unit", "What", "Where", "Options", "WantedBy", "RequiredBy", "Alias", "Also", "DefaultInstance",
                 "ReadWritePaths", "ReadOnlyPaths", "InaccessiblePaths", "BindPaths", "BindReadOnlyPaths",
                 "Symlinks", "SocketUser", "SocketGroup", "SupplementaryGroups", "DirectoryNotEmpty" -> true;
            default -> ContainerConfig.SECTION.equals(section);
        };
    }
}
