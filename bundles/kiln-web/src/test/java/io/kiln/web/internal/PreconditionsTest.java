package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.rest.ApiProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreconditionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'\"3\"' | 3", "3 | 3", "' \"12\" ' | 12", "* | -1", "'\"9007199254740993\"' | 9007199254740993"})
    void parsesTheEtagsKilnIssues(String ifMatch, long version) {
        assertEquals(version, Preconditions.parse(ifMatch, 1));
        assertEquals(version, Preconditions.forUpdate(ifMatch, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'\"0\"' | 1 or more", "'\"-4\"' | 1 or more", "'\"x\"' | not an ETag", "'\"1\", \"2\"' | one version",
            "'W/\"3\"' | weak", "'\"3' | not an ETag"})
    void refusesAnythingElseWithTheReason(String ifMatch, String reason) {
        KilnException e = assertThrows(KilnException.class, () -> Preconditions.parse(ifMatch, 1));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void anUpdateWithoutIfMatchIsRefusedUnlessForced() {
        ApiProblem e = assertThrows(ApiProblem.class, () -> Preconditions.forUpdate(null, false));
        assertEquals(428, e.status());
        assertTrue(e.getMessage().contains("If-Match") && e.getMessage().contains("force=true"), e.getMessage());
        assertEquals(428, assertThrows(ApiProblem.class, () -> Preconditions.forUpdate(" ", false)).status());
        assertEquals(Inventory.ANY_VERSION, Preconditions.forUpdate(null, true));
        assertEquals(5, Preconditions.forUpdate("\"5\"", true), "If-Match wins over force");
    }

    @Test
    void aStatusNothingWroteYetIsVersion0() {
        assertEquals(0, Preconditions.forStatusUpdate("\"0\"", false), "the ETag of a status never written");
        assertThrows(KilnException.class, () -> Preconditions.forUpdate("\"0\"", false));
        assertThrows(KilnException.class, () -> Preconditions.forStatusUpdate("\"-1\"", false));
    }

    @Test
    void aDeleteMayOmitIfMatch() {
        assertEquals(Inventory.ANY_VERSION, Preconditions.forDelete(null));
        assertEquals(2, Preconditions.forDelete("\"2\""));
        assertEquals("\"7\"", Preconditions.etag(7));
    }
}
