package io.kiln.it;

import io.kiln.redfish.testservice.BootOverride;
import io.kiln.redfish.testservice.Machine;
import io.kiln.redfish.testservice.RedfishTestService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A BMC for a QEMU virtual machine, as sushy-tools and VirtualBMC give one to libvirt VMs: DMTF's Redfish mockup served
 * by {@link RedfishTestService}, whose power starts and stops a QEMU process, booting it the way the one-time boot
 * override says (PXE, or the virtual CD it fetched from the inserted image's URL, as a BMC does). Runs as its own JVM
 * inside the lab's namespace ({@link #main}), so Kiln reaches it at 127.0.0.1 there and QEMU opens the lab's tap.
 *
 * <p>Arguments: mockup directory, work directory, the VM's MAC (its first NIC reports it, so inspection finds the machine
 * by the MAC it boots with), then the QEMU command line without a boot order. It writes
 * {@code port sha256-of-its-certificate} to {@code work/bmc.address} once it serves (HTTPS with a new certificate).
 */
final class VirtualBmc implements Machine {
    static final String USER = "admin", PASSWORD = "vbmc-" + "secret";
    private final Path work;
    private final List<String> qemu;
    private Process vm;

    VirtualBmc(Path work, List<String> qemu) {
        this.work = work;
        this.qemu = List.copyOf(qemu);
    }

    public static void main(String[] args) throws Exception {
        Path mockup = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        VirtualBmc machine = new VirtualBmc(work, List.of(args).subList(3, args.length));
        RedfishTestService bmc = RedfishTestService.builder().mockup(mockup).credentials(USER, PASSWORD).tls(true).machine(machine)
                .systemMac(args[2]).build().start();
        Path address = work.resolve("bmc.address");
        Files.writeString(work.resolve("bmc.address.tmp"), bmc.port() + " " + bmc.certificateSha256() + "\n");
        Files.move(work.resolve("bmc.address.tmp"), address, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("virtual BMC on 127.0.0.1:" + bmc.port() + " for " + String.join(" ", machine.qemu));
        Runtime.getRuntime().addShutdownHook(new Thread(machine::powerOff));
        Thread.currentThread().join(); // until the test ends the process (by PID)
    }

    @Override
    public synchronized void powerOn(BootOverride boot, Map<String, String> media) {
        powerOff();
        List<String> cmd = new ArrayList<>(qemu);
        String target = boot == null || "Disabled".equals(boot.enabled()) ? "None" : boot.target();
        try {
            if ("Cd".equals(target)) {
                String image = media.values().stream().filter(v -> v != null).findFirst()
                        .orElseThrow(() -> new IllegalStateException("boot from CD with no virtual media inserted"));
                Path iso = fetch(image);
                cmd.addAll(List.of("-cdrom", iso.toString(), "-boot", "once=d"));
            } else if ("Pxe".equals(target)) {
                cmd.addAll(List.of("-boot", "once=n"));
            }
            Files.writeString(work.resolve("qemu.cmd"), String.join(" ", cmd) + "\n");
            System.out.println("power on (boot " + target + "): " + String.join(" ", cmd));
            vm = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("qemu.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start the VM: " + e, e);
        }
    }

    /** What a BMC does with virtual media: it reads the image from the URL it was given (here all at once). */
    private Path fetch(String image) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(URI.create(image)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) throw new IOException("GET " + image + ": " + r.statusCode());
        Path iso = work.resolve("virtual-cd.iso");
        try (InputStream in = r.body()) {
            Files.copy(in, iso, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("virtual CD " + image + ": " + Files.size(iso) + " bytes");
        return iso;
    }

    @Override
    public synchronized void powerOff() {
        if (vm != null && vm.isAlive()) {
            vm.destroy();
            try {
                if (!vm.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) vm.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                vm.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized boolean running() {
        return vm != null && vm.isAlive();
    }
}
