package io.kiln.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    @Test
    void eachProblemOnItsOwnLinesWrappedAtSpacesOnly() {
        String list = "etc/io.kiln.web.cfg: allowedClients = '127.0.0.0/8,::1,10.213.13.0/33' is not a comma-separated list of IP "
                + "addresses or CIDR blocks";
        assertEquals(List.of("etc/io.kiln.boot.cfg: httpPort = 'abc' is not a number from 1 to 65535",
                        "etc/io.kiln.web.cfg: allowedClients = '127.0.0.0/8,::1,10.213.13.0/33' is not a comma-separated list",
                        "of IP addresses or CIDR blocks"),
                StatusCommand.reasonLines("etc/io.kiln.boot.cfg: httpPort = 'abc' is not a number from 1 to 65535; " + list, 100));
        assertEquals(String.join(" ", StatusCommand.reasonLines(list, 30)), list, "nothing lost at a wrap");
        assertEquals(List.of("-"), StatusCommand.reasonLines("", 100));
    }
}
