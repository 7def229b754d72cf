package io.kiln.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar kiln-node-agent.jar [run|firstboot|facts] [--flag value]...}; README.md documents modes, flags
 * and exit codes.
 */
public final class Main {
    private static final String USAGE = """
            usage: java -jar kiln-node-agent.jar [run] [--cmdline FILE] [--https URL] [--ca SHA256] [--token T]
                                                       [--state DIR] [--root DIR] [--dev DIR]
                   java -jar kiln-node-agent.jar firstboot --config DIR --marker FILE [--root DIR]
                   java -jar kiln-node-agent.jar facts [--root DIR]""";
    private static final Set<String> RUN_FLAGS = Set.of("--cmdline", "--https", "--ca", "--token", "--state", "--root", "--dev");
    private static final Set<String> FIRSTBOOT_FLAGS = Set.of("--config", "--marker", "--root");
    private static final Set<String> FACTS_FLAGS = Set.of("--root");

    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (AgentFailure e) {
            AgentLog.info(e.getMessage());
            status = e.exitCode();
        } catch (InterruptedException e) {
            AgentLog.info("interrupted; stopping");
            status = ExitCode.INTERNAL;
        } catch (RuntimeException | Error e) {
            AgentLog.info("unexpected failure, please report it: " + e);
            e.printStackTrace(System.out);
            status = ExitCode.INTERNAL;
        }
        System.exit(status);
    }

    static int run(String[] args) throws InterruptedException {
        String mode = args.length > 0 && !args[0].startsWith("-") ? args[0] : "run";
        int from = args.length > 0 && !args[0].startsWith("-") ? 1 : 0;
        switch (mode) {
            case "run" -> {
                Map<String, String> f = flags(args, from, RUN_FLAGS);
                AgentSettings s = settings(f);
                Heartbeat heartbeat = new Agent(s, new SystemPartitionMounter(s.stateDir.resolve("mnt")), new SystemRebooter(), Sleeper.REAL).run();
                AgentLog.info("idle; heartbeats continue until the machine is switched off or rebooted");
                try {
                    Thread.currentThread().join(); // forever: Kiln decides what happens to this machine
                } finally {
                    heartbeat.close();
                }
                return ExitCode.OK;
            }
            case "firstboot" -> {
                Map<String, String> f = flags(args, from, FIRSTBOOT_FLAGS);
                if (!f.containsKey("--config") || !f.containsKey("--marker")) throw usage("firstboot needs --config DIR and --marker FILE");
                new FirstBoot(Path.of(f.get("--config")), Path.of(f.get("--marker")), Path.of(f.getOrDefault("--root", "/")),
                        5_000, 300_000, Sleeper.REAL).report();
                return ExitCode.OK;
            }
            case "facts" -> {
                Map<String, String> f = flags(args, from, FACTS_FLAGS);
                System.out.println(Json.write(new HardwareDiscovery(Path.of(f.getOrDefault("--root", "/"))).discover().facts()));
                return ExitCode.OK;
            }
            case "help", "-h", "--help" -> {
                System.out.println(USAGE);
                return ExitCode.OK;
            }
            default -> throw usage("unknown mode '" + mode + "'");
        }
    }

    /** The run mode's settings: kernel command line first, flags override. */
    static AgentSettings settings(Map<String, String> f) {
        KernelCommandLine cmdline;
        Path cmdlineFile = Path.of(f.getOrDefault("--cmdline", "/proc/cmdline"));
        try {
            cmdline = KernelCommandLine.read(cmdlineFile);
        } catch (IOException e) {
            if (f.containsKey("--cmdline")) throw new AgentFailure(ExitCode.USAGE, "cannot read the kernel command line " + cmdlineFile + ": " + e.getMessage());
            cmdline = KernelCommandLine.parse("");
        }
        AgentSettings s = new AgentSettings();
        s.https = f.getOrDefault("--https", cmdline.get("kiln.https"));
        s.caSha256 = f.getOrDefault("--ca", cmdline.get("kiln.ca"));
        s.enrollmentToken = f.getOrDefault("--token", cmdline.get("kiln.token"));
        if (s.https == null) throw usage("Kiln's address is unknown: no kiln.https= on the kernel command line (" + cmdlineFile + ") and no --https");
        if (!s.https.startsWith("https://")) throw usage("kiln.https '" + s.https + "' is not an https:// URL");
        if (s.caSha256 == null || !s.caSha256.replace(":", "").matches("[0-9a-fA-F]{64}")) {
            throw usage("Kiln's CA fingerprint is missing or not 64 hex digits (kiln.ca= or --ca): " + s.caSha256);
        }
        s.caSha256 = s.caSha256.replace(":", "").toLowerCase();
        String host = cmdline.get("kiln.host");
        if (host != null) AgentLog.info("Kiln expects this machine to be " + host);
        if (f.containsKey("--state")) s.stateDir = Path.of(f.get("--state"));
        if (f.containsKey("--root")) s.root = Path.of(f.get("--root"));
        if (f.containsKey("--dev")) s.devRoot = Path.of(f.get("--dev"));
        return s;
    }

    private static Map<String, String> flags(String[] args, int from, Set<String> allowed) {
        Map<String, String> out = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            } else {
                if (i + 1 >= args.length) throw usage(a + " needs a value");
                value = args[++i];
            }
            if (!allowed.contains(a)) throw usage("unknown flag '" + a + "'");
            out.put(a, value);
        }
        return out;
    }

    private static AgentFailure usage(String why) {
        return new AgentFailure(ExitCode.USAGE, why + "\n" + USAGE);
    }
}
