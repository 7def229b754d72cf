package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CmdlineTemplateTest {

    static final Map<String, String> VARS = new HashMap<>(Map.of("host", "edge-1", "mac", "52:54:00:12:34:56",
            "kiln.url", "http://10.0.0.1:8080", "site", "shop-7", "odd", "a$1\\b"));

    static {
        VARS.put("uuid", null); // unknown to Kiln: iPXE's own ${uuid} should fill it in
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "console=ttyS0 kiln.host=${host}          | console=ttyS0 kiln.host=edge-1",
            "url=${kiln.url}/api site=${site}         | url=http://10.0.0.1:8080/api site=shop-7",
            "${host}${host}                           | edge-1edge-1",
            "ip=${net0/ip} mac=${mac}                 | ip=${net0/ip} mac=52:54:00:12:34:56",
            "s=${serial:uristring} u=${uuid}          | s=${serial:uristring} u=${uuid}",
            "x=${nobody}                              | x=${nobody}",
            "a=${ host} b=${host                      | a=${ host} b=${host",
            "$host ${{host}}                          | $host ${{host}}",
            "p=${odd}                                 | p=a$1\\b",
            "''                                       | ''",
    })
    void knownNamesAreReplacedAndIpxesAreLeftAlone(String template, String expected) {
        assertEquals(expected, CmdlineTemplate.expand(template, VARS));
    }
}
