package io.kiln.plugin.redfish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EtagsTest {

    @Test
    void weakThenStrongThenNoneThenGiveUp() {
        Etags.Next first = Etags.after412("W/\"abc\"");
        assertTrue(first.again());
        assertEquals("\"abc\"", first.ifMatch());
        Etags.Next second = Etags.after412(first.ifMatch());
        assertTrue(second.again());
        assertNull(second.ifMatch(), "a strong ETag refused: try without If-Match");
        assertFalse(Etags.after412(second.ifMatch()).again(), "refused without If-Match: the 412 stands");
    }

    @Test
    void strongForms() {
        assertEquals("\"x\"", Etags.strong("W/\"x\""));
        assertEquals("\"x\"", Etags.strong("\"x\""));
        assertEquals("\"x\"", Etags.strong("x"));
        assertTrue(Etags.isWeak(" W/\"x\""));
        assertFalse(Etags.isWeak("\"W/x\""));
    }
}
