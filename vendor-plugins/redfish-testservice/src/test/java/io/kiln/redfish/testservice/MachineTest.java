package io.kiln.redfish.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A machine behind the power: resets start and stop it as the boot override says, and PowerState follows it. */
class MachineTest {
    /** Records what the BMC asked of it; "runs" until told otherwise. */
    static final class Recorder implements Machine {
        final List<String> calls = new ArrayList<>();
        volatile boolean running;

        @Override
        public void powerOn(BootOverride boot, Map<String, String> media) {
            calls.add("on " + boot.target() + "/" + boot.enabled() + " " + media.values().stream().filter(v -> v != null).toList());
            running = true;
        }

        @Override
        public void powerOff() {
            if (running) calls.add("off");
            running = false;
        }

        @Override
        public boolean running() {
            return running;
        }
    }

    @Test
    void resetsDriveTheMachineAndAOnceOverrideIsUsedByOneBoot() {
        Recorder vm = new Recorder();
        try (RedfishTestService bmc = RedfishTestService.builder().mockup(Mockup.dir()).machine(vm).build().start()) {
            Client c = new Client(bmc.baseUri()).basic("admin", "secret");
            String reset = bmc.systemPath() + "/Actions/ComputerSystem.Reset";
            assertEquals("Off", c.get(bmc.systemPath()).json().path("PowerState").asText(), "a machine that does not run reads Off");
            String etag = c.get(bmc.systemPath()).header("ETag");
            assertEquals(200, c.patch(bmc.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}",
                    etag).status());
            assertEquals(204, c.post(reset, "{\"ResetType\":\"On\"}").status());
            assertEquals(List.of("on Pxe/Once []"), vm.calls);
            assertEquals("On", bmc.powerState());
            assertEquals("Disabled", bmc.bootOverride().enabled(), "the Once override was used by that boot");
            assertEquals(204, c.post(reset, "{\"ResetType\":\"On\"}").status());
            assertEquals(1, vm.calls.size(), "On while it runs changes nothing");
            assertEquals(204, c.post(reset, "{\"ResetType\":\"ForceRestart\"}").status());
            assertEquals(List.of("on Pxe/Once []", "off", "on Pxe/Disabled []"), vm.calls);
            vm.running = false; // it shut itself down
            assertEquals("Off", c.get(bmc.systemPath()).json().path("PowerState").asText());
            assertEquals(204, c.post(reset, "{\"ResetType\":\"On\"}").status());
            assertEquals(204, c.post(reset, "{\"ResetType\":\"ForceOff\"}").status());
            assertEquals("off", vm.calls.get(vm.calls.size() - 1));
            assertEquals("Off", bmc.powerState());
        }
    }

    @Test
    void theFirstNicReportsTheMacItWasGiven() {
        try (RedfishTestService bmc = RedfishTestService.builder().mockup(Mockup.dir()).systemMac("52:54:00:09:00:01").build().start()) {
            Client c = new Client(bmc.baseUri()).basic("admin", "secret");
            String nics = bmc.systemPath() + "/EthernetInterfaces/";
            assertEquals("52:54:00:09:00:01", c.get(nics + "12446A3B0411").json().path("PermanentMACAddress").asText());
            assertEquals("52:54:00:09:00:01", c.get(nics + "VLAN1").json().path("MACAddress").asText(), "its VLAN shares it");
            assertEquals("12:44:6A:3B:88:90", c.get(nics + "12446A3B8890").json().path("PermanentMACAddress").asText(), "the others keep theirs");
        }
    }
}
