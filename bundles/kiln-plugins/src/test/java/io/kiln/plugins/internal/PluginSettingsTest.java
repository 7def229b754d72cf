package io.kiln.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginSettingsTest {

    @Test
    void goodValuesAreTaken() {
        PluginSettings.Parsed p = PluginSettings.parse(Map.of("preference", "redfish-dell, redfish fake", "callTimeoutSeconds", "12",
                "maxCallsPerPlugin", "3", "service.pid", "io.kiln.plugins", "felix.fileinstall.filename", "file:/x",
                "osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)", "component.name", "x"), PluginSettings.DEFAULTS);
        assertEquals(List.of(), p.complaints());
        assertEquals(new PluginSettings(List.of("redfish-dell", "redfish", "fake"), Duration.ofSeconds(12), 3), p.settings());
    }

    @Test
    void eachBadValueIsOneLineAndItsKeyKeepsTheLastGoodValue() {
        PluginSettings last = new PluginSettings(List.of("fake"), Duration.ofSeconds(7), 2);
        PluginSettings.Parsed p = PluginSettings.parse(Map.of("preference", "Red Fish", "callTimeoutSeconds", "abc", "maxCallsPerPlugin", "0",
                "preferance", "x"), last);
        assertEquals(last, p.settings());
        assertEquals(4, p.complaints().size(), p.complaints().toString());
        List<String> sorted = p.complaints().stream().sorted().toList();
        assertEquals("etc/io.kiln.plugins.cfg: callTimeoutSeconds = 'abc' is not a number from 1 to 600", sorted.get(0));
        assertEquals("etc/io.kiln.plugins.cfg: maxCallsPerPlugin = '0' is not a number from 1 to 64", sorted.get(1));
        assertEquals("etc/io.kiln.plugins.cfg: preference = 'Red Fish' is not a list of plugin names (comma-separated, lower case:"
                + " letters, digits, . _ -); keeping 'fake'", sorted.get(2));
        assertEquals("etc/io.kiln.plugins.cfg: unknown key 'preferance' ignored (known: callTimeoutSeconds, firmwarePollSeconds, firmwareUpdateMinutes, maxCallsPerPlugin, preference)", sorted.get(3));
    }

    @Test
    void noFileMeansTheDefaults() {
        assertEquals(PluginSettings.DEFAULTS, PluginSettings.parse(null, PluginSettings.DEFAULTS).settings());
        assertEquals(Duration.ofSeconds(30), PluginSettings.DEFAULTS.callTimeout());
    }
}
