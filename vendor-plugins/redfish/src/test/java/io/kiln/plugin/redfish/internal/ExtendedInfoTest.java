package io.kiln.plugin.redfish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtendedInfoTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anErrorsExtendedInfoInOrder() throws Exception {
        var body = JSON.readTree("""
            {"error": {"code": "Base.1.8.GeneralError", "message": "A general error has occurred. See ExtendedInfo for more information.",
              "@Message.ExtendedInfo": [
                {"MessageId": "Base.1.8.PropertyValueNotInList", "Message": "The value Floppy for the property BootSourceOverrideTarget is not in the list of acceptable values.", "Resolution": "Choose a value from the enumeration list."},
                {"MessageId": "IDRAC.2.8.SYS403", "Message": "Unable to complete the operation."}
              ]}}""");
        List<ExtendedInfo> infos = ExtendedInfo.of(body);
        assertEquals(2, infos.size());
        assertEquals("Choose a value from the enumeration list.", infos.get(0).resolution());
        assertEquals("The value Floppy for the property BootSourceOverrideTarget is not in the list of acceptable values. "
                + "(Base.1.8.PropertyValueNotInList); Unable to complete the operation. (IDRAC.2.8.SYS403)", ExtendedInfo.describe(infos));
        assertEquals(List.of("Base.1.8.PropertyValueNotInList", "IDRAC.2.8.SYS403"), ExtendedInfo.ids(infos));
    }

    @Test
    void withoutExtendedInfoTheErrorsMessage() throws Exception {
        var infos = ExtendedInfo.of(JSON.readTree("{\"error\": {\"code\": \"iLO.0.10.ExtendedInfo\", \"message\": \"See @Message.ExtendedInfo\"}}"));
        assertEquals("See @Message.ExtendedInfo (iLO.0.10.ExtendedInfo)", ExtendedInfo.describe(infos));
    }

    @Test
    void aSingleObjectAtTheTopOfAResource() throws Exception {
        var infos = ExtendedInfo.of(JSON.readTree("{\"@Message.ExtendedInfo\": {\"MessageId\": \"iLO.2.15.SystemResetRequired\"}}"));
        assertEquals("iLO.2.15.SystemResetRequired", ExtendedInfo.describe(infos));
    }

    @Test
    void nothingToSay() throws Exception {
        assertNull(ExtendedInfo.describe(ExtendedInfo.of(JSON.readTree("{\"Id\": \"1\"}"))));
        assertNull(ExtendedInfo.describe(ExtendedInfo.of(JSON.readTree("[1]"))));
        assertNull(ExtendedInfo.describe(ExtendedInfo.of(null)));
    }
}
