package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole micro-OS run against a fake Kiln: onboard (202, then 200), image → files → reboot → done. */
class AgentRunTest {
    @TempDir
    Path dir;

    @Test
    void onboardsWritesTheImageAndFilesAndAsksForTheReboot() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            byte[] raw = TestImages.raw(3 << 20, 7);
            byte[] gz = TestImages.gzip(raw);
            kiln.artifacts.put("os.img.gz", gz);
            kiln.actions.add(Map.of("id", "a0", "type", "wait", "seconds", 3));
            kiln.actions.add(Map.of("id", "a1", "type", "image", "url", kiln.url() + "/artifacts/os.img.gz", "sha256", Pem.sha256(gz),
                    "compression", "auto", "rootDeviceHints", Map.of()));
            kiln.actions.add(Map.of("id", "a2", "type", "files", "partition", "1", "credentialsDir", "/etc/kiln",
                    "files", List.of(Map.of("path", "/var/lib/cloud/seed/nocloud/meta-data", "mode", "0640", "content", "instance-id: vm-1\n"),
                            Map.of("path", "/etc/kiln/marker", "contentBase64", "bWFya2VyLTQy"))));
            kiln.actions.add(Map.of("id", "a3", "type", "script", "script", "#!/bin/sh\necho hello from the script\nexit 0\n", "timeoutSeconds", 30));
            kiln.actions.add(Map.of("id", "a4", "type", "reboot"));
            kiln.actions.add(Map.of("id", "a5", "type", "done"));

            AgentSettings s = new AgentSettings();
            s.https = kiln.url();
            s.caSha256 = kiln.pki.caSha256;
            s.enrollmentToken = "enroll-1";
            s.root = HardwareDiscoveryTest.VM1;
            s.devRoot = dir.resolve("dev");
            s.stateDir = dir.resolve("state");
            s.progressMillis = 60_000; // only the final report of each action: deterministic
            s.downloadBackoffMillis = 1;
            Path disk = TestImages.disk(s.devRoot, "vda");
            Path partition = Files.createDirectories(dir.resolve("vda1"));
            List<String> mounted = new ArrayList<>();
            PartitionMounter mounter = new PartitionMounter() {
                @Override
                public Path mount(String device) {
                    mounted.add(device);
                    return partition;
                }

                @Override
                public void unmount(Path mountPoint) {
                    mounted.add("umount " + mountPoint.getFileName());
                }
            };
            AtomicInteger reboots = new AtomicInteger();
            List<Long> sleeps = new ArrayList<>();
            new Agent(s, mounter, reboots::incrementAndGet, sleeps::add).run().close();

            // onboarding: 202 first, then the same request again
            assertEquals(2, kiln.onboardRequests.size());
            Map<String, Object> onboard = kiln.onboardRequests.get(0);
            assertEquals(onboard.get("csr"), kiln.onboardRequests.get(1).get("csr"), "the same CSR after 202");
            assertEquals("enroll-1", onboard.get("token"));
            assertEquals(List.of("02:fc:00:00:00:01"), onboard.get("macs"));
            assertEquals("virtio_net", ((Map<?, ?>) onboard.get("facts")).get("nic.eth0.driver"));
            assertTrue(sleeps.contains(10_000L), "waited retryAfterSeconds after 202: " + sleeps);
            assertTrue(sleeps.contains(3_000L), "waited as the wait action said: " + sleeps);
            assertEquals(List.of(), kiln.agentCallsWithoutClientCert, "every agent API call presented the client certificate");

            // image
            assertEquals(true, kiln.results.get("a1").get("ok"), String.valueOf(kiln.results.get("a1")));
            byte[] d = Files.readAllBytes(disk);
            assertArrayEquals(raw, Arrays.copyOf(d, raw.length));
            assertNotNull(kiln.progress.get("a1"), "progress reported for the image");
            assertEquals(100, kiln.progress.get("a1").get(kiln.progress.get("a1").size() - 1).get("percent"));

            // files and credentials
            assertEquals(true, kiln.results.get("a2").get("ok"), String.valueOf(kiln.results.get("a2")));
            assertEquals(List.of("/dev/vda1", "umount vda1"), mounted);
            Path meta = partition.resolve("var/lib/cloud/seed/nocloud/meta-data");
            assertEquals("instance-id: vm-1\n", Files.readString(meta));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(meta)));
            assertEquals("marker-42", Files.readString(partition.resolve("etc/kiln/marker")));
            Path creds = partition.resolve("etc/kiln");
            assertEquals(kiln.pki.caPem, Files.readString(creds.resolve("ca.pem")));
            assertEquals(FakeKiln.TOKEN + "\n", Files.readString(creds.resolve("token")));
            assertTrue(Files.readString(creds.resolve("host.pem")).startsWith("-----BEGIN CERTIFICATE-----"));
            assertTrue(Files.readString(creds.resolve("kiln.env")).contains("KILN_CA_SHA256=" + kiln.pki.caSha256 + "\n"));
            assertTrue(Files.readString(creds.resolve("kiln.env")).contains("KILN_AGENT_URL=" + kiln.url() + "/agent/v1\n"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.resolve("host.key"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.resolve("token"))));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.resolve("ca.pem"))));
            for (String f : List.of("ca.pem", "host.pem", "host.key", "token", "kiln.env")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.stateDir.resolve(f))), "state/" + f);
            }

            // script: its output went to Kiln with the progress
            assertEquals(true, kiln.results.get("a3").get("ok"));
            assertTrue(kiln.progress.get("a3").stream().anyMatch(p -> String.valueOf(p.get("log")).contains("hello from the script")));

            // reboot reported ok, then asked
            assertEquals(true, kiln.results.get("a4").get("ok"));
            assertEquals(1, reboots.get());
            assertEquals(List.of("a1", "a2", "a3", "a4"), new ArrayList<>(kiln.results.keySet()), "wait and done report no result");
        }
    }
}
