package io.kiln.plugin.redfish;

import io.kiln.spi.vendor.BootDevice;
import io.kiln.spi.vendor.PowerAction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one make of BMC does differently from the DMTF schema, as data: a vendor bundle builds one (usually
 * {@code RedfishQuirks.generic().toBuilder()...}) and hands it to a {@link RedfishPlugin}. Each value says where the
 * client looks or what it sends; none of them is code.
 *
 * @param name                   the plugin's name, e.g. {@code redfish-dell}
 * @param vendorPattern          a regular expression the BMC's vendor (inspection's manufacturer) must match, found
 *                               anywhere in it, case-insensitively; null: claim any Redfish address (the generic plugin)
 * @param claims                 what the plugin serves, in words ({@code kiln.claims}, kiln:plugin-list)
 * @param sessions               whether to log in with a session (else HTTP Basic on every request)
 * @param virtualMediaRoots      where to look for the CD-type virtual media, in order: {@code Managers} and/or
 *                               {@code Systems} (their {@code *}{@code /VirtualMedia} collections)
 * @param insertMediaActions     actions to insert with, in order: a name is looked up under the media's
 *                               {@code Actions}; a path with slashes from the media's root (e.g.
 *                               {@code Oem/Hpe/Actions/#HpeiLOVirtualMedia.InsertVirtualMedia});
 *                               when none is offered the client PATCHes {@code Image} and {@code Inserted}
 * @param mediaIdPattern         a regular expression the CD-type media's {@code Id} must match (whole), or null: any
 * @param ejectMediaActions      the same for ejecting
 * @param mediaImageOnly         whether the insert action is sent the {@code Image} only (without {@code Inserted} and
 *                               {@code WriteProtected}); OEM actions always are
 * @param bootTargets            the {@code BootSourceOverrideTarget} value for each boot device
 * @param bootLeftAlone          boot devices for which nothing is sent: the firmware's own boot order already does it
 *                               (and an override would do harm)
 * @param bootOverrideMode       the {@code BootSourceOverrideMode} to send with a boot override (e.g. {@code UEFI}),
 *                               or null to leave the mode alone; only sent when the system reports the property
 * @param preferSettingsObject   true: PATCH a system's boot override into its {@code @Redfish.Settings} object
 *                               whenever it has one; false: PATCH the system and use the settings object only when
 *                               the system refuses
 * @param retryableMessageIds    {@code MessageId}s that mean "busy, try again": either the key ({@code SYS518}), the
 *                               registry and key ({@code IDRAC.SYS518}) or the full id
 * @param sessionLimitMessageIds {@code MessageId}s (same forms) a session login fails with when the BMC has no
 *                               session left: the call then uses HTTP Basic
 * @param resetTypes             for each power action, the {@code ResetType}s to try in order ({@code ForceOff+On}:
 *                               ForceOff, wait for Off, then On)
 * @param transferProtocol       whether SimpleUpdate is sent a {@code TransferProtocol} (HTTP / HTTPS) with its
 *                               {@code ImageURI}
 * @param retries                how often a busy or dropped request is tried again
 */
public record RedfishQuirks(String name, String vendorPattern, String claims, boolean sessions, List<String> virtualMediaRoots,
                            String mediaIdPattern, List<String> insertMediaActions, List<String> ejectMediaActions,
                            boolean mediaImageOnly, Map<BootDevice, String> bootTargets, Set<BootDevice> bootLeftAlone,
                            String bootOverrideMode, boolean preferSettingsObject, Set<String> retryableMessageIds,
                            Set<String> sessionLimitMessageIds, Map<PowerAction, List<String>> resetTypes, boolean transferProtocol,
                            int retries) {
    /** The reset type standing for "ForceOff, wait until Off, then On" in {@link #resetTypes}. */
    public static final String FORCE_OFF_THEN_ON = "ForceOff+On";

    public RedfishQuirks {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) throw new IllegalArgumentException("plugin name must be lower case: " + name);
        if (vendorPattern != null) Pattern.compile(vendorPattern);
        claims = claims == null ? "" : claims;
        virtualMediaRoots = List.copyOf(virtualMediaRoots);
        for (String r : virtualMediaRoots) {
            if (!r.equals("Managers") && !r.equals("Systems")) throw new IllegalArgumentException("virtual media root must be Managers or Systems: " + r);
        }
        if (mediaIdPattern != null) Pattern.compile(mediaIdPattern);
        insertMediaActions = List.copyOf(insertMediaActions);
        bootLeftAlone = Set.copyOf(bootLeftAlone);
        ejectMediaActions = List.copyOf(ejectMediaActions);
        Map<BootDevice, String> targets = new EnumMap<>(BootDevice.class);
        targets.putAll(bootTargets);
        bootTargets = Map.copyOf(targets);
        retryableMessageIds = Set.copyOf(retryableMessageIds);
        sessionLimitMessageIds = Set.copyOf(sessionLimitMessageIds);
        Map<PowerAction, List<String>> resets = new EnumMap<>(PowerAction.class);
        resetTypes.forEach((a, l) -> resets.put(a, List.copyOf(l)));
        for (PowerAction a : PowerAction.values()) if (!resets.containsKey(a)) throw new IllegalArgumentException("no reset types for " + a);
        resetTypes = Map.copyOf(resets);
        if (retries < 0 || retries > 10) throw new IllegalArgumentException("retries must be 0..10: " + retries);
    }

    /** The DMTF schema as written: what the generic {@code redfish} plugin uses and vendor bundles start from. */
    public static RedfishQuirks generic() {
        return GENERIC;
    }

    private static final RedfishQuirks GENERIC = new Builder("redfish")
            .claims("BMC addresses redfish://... and https://... (any BMC that speaks DMTF Redfish)")
            .sessions(true)
            .virtualMediaRoots("Managers", "Systems")
            .insertMediaActions("#VirtualMedia.InsertMedia")
            .ejectMediaActions("#VirtualMedia.EjectMedia")
            .bootTarget(BootDevice.PXE, "Pxe").bootTarget(BootDevice.UEFI_HTTP, "UefiHttp").bootTarget(BootDevice.CD, "Cd")
            .bootTarget(BootDevice.DISK, "Hdd")
            .bootOverrideMode("UEFI")
            // DMTF Base registry: the service is busy / temporarily unavailable
            .retryableMessageIds("ServiceTemporarilyUnavailable", "ServiceShuttingDown")
            .sessionLimitMessageIds("SessionLimitExceeded", "CreateLimitReachedForResource")
            .resetTypes(PowerAction.ON, "On", "ForceOn")
            .resetTypes(PowerAction.OFF, "ForceOff")
            .resetTypes(PowerAction.GRACEFUL_OFF, "GracefulShutdown", "PushPowerButton")
            .resetTypes(PowerAction.CYCLE, "ForceRestart", "PowerCycle", FORCE_OFF_THEN_ON)
            .transferProtocol(true)
            .retries(3)
            .build();

    /** A builder holding these quirks, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.vendorPattern = vendorPattern;
        b.claims = claims;
        b.sessions = sessions;
        b.virtualMediaRoots = new ArrayList<>(virtualMediaRoots);
        b.mediaIdPattern = mediaIdPattern;
        b.insertMediaActions = new ArrayList<>(insertMediaActions);
        b.bootLeftAlone = new LinkedHashSet<>(bootLeftAlone);
        b.ejectMediaActions = new ArrayList<>(ejectMediaActions);
        b.mediaImageOnly = mediaImageOnly;
        b.bootTargets = new EnumMap<>(BootDevice.class);
        b.bootTargets.putAll(bootTargets);
        b.bootOverrideMode = bootOverrideMode;
        b.preferSettingsObject = preferSettingsObject;
        b.retryableMessageIds = new LinkedHashSet<>(retryableMessageIds);
        b.sessionLimitMessageIds = new LinkedHashSet<>(sessionLimitMessageIds);
        b.resetTypes = new EnumMap<>(PowerAction.class);
        b.resetTypes.putAll(resetTypes);
        b.transferProtocol = transferProtocol;
        b.retries = retries;
        return b;
    }

    /** Builds {@link RedfishQuirks}; list setters replace, {@code add...} setters append. */
    public static final class Builder {
        private String name;
        private String vendorPattern;
        private String claims = "";
        private boolean sessions = true;
        private List<String> virtualMediaRoots = new ArrayList<>();
        private String mediaIdPattern;
        private List<String> insertMediaActions = new ArrayList<>();
        private Set<BootDevice> bootLeftAlone = new LinkedHashSet<>();
        private List<String> ejectMediaActions = new ArrayList<>();
        private boolean mediaImageOnly;
        private Map<BootDevice, String> bootTargets = new EnumMap<>(BootDevice.class);
        private String bootOverrideMode;
        private boolean preferSettingsObject;
        private Set<String> retryableMessageIds = new LinkedHashSet<>();
        private Set<String> sessionLimitMessageIds = new LinkedHashSet<>();
        private Map<PowerAction, List<String>> resetTypes = new EnumMap<>(PowerAction.class);
        private boolean transferProtocol = true;
        private int retries = 3;

        public Builder(String name) {
            this.name = name;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder vendorPattern(String v) {
            vendorPattern = v;
            return this;
        }

        public Builder claims(String v) {
            claims = v;
            return this;
        }

        public Builder sessions(boolean v) {
            sessions = v;
            return this;
        }

        public Builder virtualMediaRoots(String... v) {
            virtualMediaRoots = new ArrayList<>(List.of(v));
            return this;
        }

        public Builder insertMediaActions(String... v) {
            insertMediaActions = new ArrayList<>(List.of(v));
            return this;
        }

        public Builder ejectMediaActions(String... v) {
            ejectMediaActions = new ArrayList<>(List.of(v));
            return this;
        }

        public Builder mediaIdPattern(String v) {
            mediaIdPattern = v;
            return this;
        }

        public Builder bootLeftAlone(BootDevice... v) {
            bootLeftAlone = new LinkedHashSet<>(List.of(v));
            return this;
        }

        public Builder mediaImageOnly(boolean v) {
            mediaImageOnly = v;
            return this;
        }

        public Builder bootTarget(BootDevice device, String target) {
            bootTargets.put(device, target);
            return this;
        }

        public Builder bootOverrideMode(String v) {
            bootOverrideMode = v;
            return this;
        }

        public Builder preferSettingsObject(boolean v) {
            preferSettingsObject = v;
            return this;
        }

        public Builder retryableMessageIds(String... v) {
            retryableMessageIds = new LinkedHashSet<>(List.of(v));
            return this;
        }

        public Builder addRetryableMessageIds(String... v) {
            retryableMessageIds.addAll(List.of(v));
            return this;
        }

        public Builder sessionLimitMessageIds(String... v) {
            sessionLimitMessageIds = new LinkedHashSet<>(List.of(v));
            return this;
        }

        public Builder addSessionLimitMessageIds(String... v) {
            sessionLimitMessageIds.addAll(List.of(v));
            return this;
        }

        public Builder resetTypes(PowerAction action, String... types) {
            resetTypes.put(action, List.of(types));
            return this;
        }

        public Builder transferProtocol(boolean v) {
            transferProtocol = v;
            return this;
        }

        public Builder retries(int v) {
            retries = v;
            return this;
        }

        public RedfishQuirks build() {
            return new RedfishQuirks(name, vendorPattern, claims, sessions, virtualMediaRoots, mediaIdPattern, insertMediaActions,
                    ejectMediaActions, mediaImageOnly, bootTargets, bootLeftAlone, bootOverrideMode, preferSettingsObject, retryableMessageIds, sessionLimitMessageIds, resetTypes,
                    transferProtocol, retries);
        }
    }
}
