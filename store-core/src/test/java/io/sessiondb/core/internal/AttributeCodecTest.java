package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.LogCapture;
import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AttributeCodecTest {

    private final AttributeCodec codec = new AttributeCodec(SessiondbConfig.DEFAULT_SERIAL_FILTER, "test");

    @Test
    void valueRoundTrips() {
        List<String> value = new ArrayList<>(List.of("a", "b"));
        byte[] bytes = codec.serialize("list", value);
        assertEquals(value, codec.deserialize("list", bytes, getClass().getClassLoader(), null));
    }

    @Test
    void nonSerializableValueGivesNull() {
        assertNull(codec.serialize("thread", new Object()));
    }

    @Test
    void corruptBytesGiveNull() {
        assertNull(codec.deserialize("bad", new byte[]{1, 2, 3}, null, null));
    }

    @Test
    void extraFilterIsAppliedAfterTheConfiguredOne() {
        byte[] bytes = codec.serialize("list", new ArrayList<>(List.of("a")));
        ObjectInputFilter rejectLists = ObjectInputFilter.Config.createFilter("!java.util.ArrayList");
        assertNull(codec.deserialize("list", bytes, null, rejectLists));
        assertNotNull(codec.deserialize("list", bytes, null, null));
    }

    @Test
    void defaultFilterRejectsWellKnownGadgetClassesEvenNested() {
        for (Object gadget : List.of(new org.apache.commons.collections.functors.InvokerTransformer(),
                new org.codehaus.groovy.runtime.ConvertedClosure())) {
            assertNull(codec.deserialize("gadget", codec.serialize("gadget", gadget), null, null), gadget.getClass().getName());
            byte[] nested = codec.serialize("list", new ArrayList<>(List.of("harmless", gadget)));
            assertNull(codec.deserialize("list", nested, null, null), "nested " + gadget.getClass().getName());
        }
    }

    @Test
    void aForgedAttributeNameOfANonSerializableValueGivesOneWarningOnOneLine() {
        try (LogCapture logs = LogCapture.everything()) {
            assertNull(codec.serialize("x\r\nFORGED line", new Object()));
            assertNull(codec.serialize("x\r\nFORGED line", new Object()), "the second time is logged at DEBUG only");
            List<LogRecord> warnings = logs.recordsAt(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertOneSafeLine(warnings.get(0), "x??FORGED line");
        }
    }

    @Test
    void aForgedAttributeNameOfAnUnreadableValueGivesOneWarningOnOneLine() {
        try (LogCapture logs = LogCapture.everything()) {
            assertNull(codec.deserialize("y\n\u2028FORGED line", new byte[]{1, 2, 3}, null, null));
            List<LogRecord> warnings = logs.recordsAt(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertOneSafeLine(warnings.get(0), "y??FORGED line");
        }
    }

    @Test
    void aForgedClassNameInAnUnreadableStreamIsSanitised() {
        // The stream names a class that does not exist; its name, with a line break, ends up in the exception.
        byte[] bytes = codec.serialize("ok", new java.util.Date(0));
        String original = "java.util.Date";
        String forged = "java.util.Da\ne";
        byte[] hacked = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace(original, forged).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (LogCapture logs = LogCapture.everything()) {
            assertNull(codec.deserialize("date", hacked, getClass().getClassLoader(), null));
            List<LogRecord> warnings = logs.recordsAt(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertOneSafeLine(warnings.get(0), "java.util.Da?e");
        }
    }

    private static void assertOneSafeLine(LogRecord record, String expectedPart) {
        String line = new java.util.logging.SimpleFormatter().formatMessage(record);
        assertFalse(line.contains("\r") || line.contains("\n") || line.contains("\u2028"), line);
        assertTrue(line.contains(expectedPart), line);
    }
}
