package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void headClassNameNamesTheClassOfAnObjectWithoutReadingIt() {
        assertEquals("java.util.ArrayList", AttributeCodec.headClassName(codec.serialize("list", new ArrayList<>(List.of("a")))));
        assertEquals("java.lang.Integer", AttributeCodec.headClassName(codec.serialize("n", 7)));
    }

    @Test
    void headClassNameIsEmptyForValuesThatAreNoObjectOfAClass() {
        assertEquals("", AttributeCodec.headClassName(codec.serialize("s", "text")));
        assertEquals("", AttributeCodec.headClassName(codec.serialize("a", new int[] {1, 2})));
        assertEquals("", AttributeCodec.headClassName(JsonValues.write("json")));
    }

    @Test
    void headClassNameIsNullWhenTheHeadDoesNotTell() {
        assertNull(AttributeCodec.headClassName(codec.serialize("e", java.util.concurrent.TimeUnit.SECONDS)));
        assertNull(AttributeCodec.headClassName(new byte[] {(byte) 0x8f, 1, 2, 3}), "not a stream sessiondb writes (ciphertext)");
        assertNull(AttributeCodec.headClassName(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 0x73, 0x72, 0, 99}), "cut short");
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

    @Test
    void everyUnreadableValueIsReportedWithTheClassThatFailed() {
        List<String> failed = new ArrayList<>();
        StoreEvents events = new StoreEvents() {
            @Override
            public void databaseError() {
            }

            @Override
            public void databaseRetry() {
            }

            @Override
            public void unreadableAttribute(String className) {
                failed.add(className);
            }
        };
        AttributeCodec reporting = new AttributeCodec(SessiondbConfig.DEFAULT_SERIAL_FILTER, AttributeCodec.Mode.JAVA, "test", events);
        byte[] date = reporting.serialize("d", new java.util.Date(0));
        byte[] missing = new String(date, java.nio.charset.StandardCharsets.ISO_8859_1).replace("java.util.Date", "java.util.Dxte")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertNull(reporting.deserialize("d", missing, getClass().getClassLoader(), null));
        byte[] gadget = reporting.serialize("g", new ArrayList<>(List.of(new org.codehaus.groovy.runtime.ConvertedClosure())));
        assertNull(reporting.deserialize("g", gadget, null, null));
        assertNull(reporting.deserialize("bad", new byte[]{1, 2, 3}, null, null));
        assertNotNull(reporting.deserialize("d", date, null, null));
        assertEquals(java.util.Arrays.asList("java.util.Dxte", "org.codehaus.groovy.runtime.ConvertedClosure", null), failed,
                "the missing class, the class the filter rejected (nested), and no class for a broken header");
    }

    private static void assertOneSafeLine(LogRecord record, String expectedPart) {
        String line = new java.util.logging.SimpleFormatter().formatMessage(record);
        assertFalse(line.contains("\r") || line.contains("\n") || line.contains("\u2028"), line);
        assertTrue(line.contains(expectedPart), line);
    }

    // The codec caches each class's verdict; the limits must still apply to every read, also to an
    // allowed class already seen within limits. Each pattern allows the classes used and rejects the rest,
    // and each oversized value first goes over its limit where the JDK consults the filter about a class
    // (a new class or an array), not about a back reference: a cache that answered "allowed" for a known
    // class before checking the limits would let it through.
    private static final String ALLOWED = "java.util.ArrayList;java.lang.*;!*";

    @Test
    void arrayLengthLimitStillAppliesToAClassAlreadySeen() {
        AttributeCodec limited = new AttributeCodec("maxarray=10;" + ALLOWED, "test");
        assertArrayEquals(new String[]{"a", "b"}, (String[]) readBack(limited, new String[]{"a", "b"}));
        assertNull(readBack(limited, new String[11]), "an array of 11 is over maxarray=10");
        assertArrayEquals(new String[10], (String[]) readBack(limited, new String[10]), "10 is within");
    }

    @Test
    void depthLimitStillAppliesToAClassAlreadySeen() {
        AttributeCodec limited = new AttributeCodec("maxdepth=5;" + ALLOWED, "test");
        assertNotNull(readBack(limited, nestedArrays(3)));
        assertNull(readBack(limited, nestedArrays(8)), "8 nested arrays are deeper than maxdepth=5");
        assertNotNull(readBack(limited, nestedArrays(5)), "5 are within");
    }

    @Test
    void referencesLimitStillAppliesToAClassAlreadySeen() {
        AttributeCodec limited = new AttributeCodec("maxrefs=30;" + ALLOWED, "test");
        assertNotNull(readBack(limited, stringsThenAnIntegerArray(3, 1)));
        assertNull(readBack(limited, stringsThenAnIntegerArray(100, 1)), "100 strings are more than maxrefs=30");
    }

    @Test
    void bytesLimitStillAppliesToAClassAlreadySeen() {
        AttributeCodec limited = new AttributeCodec("maxbytes=1000;" + ALLOWED, "test");
        assertNotNull(readBack(limited, stringsThenAnIntegerArray(1, 10)));
        assertNull(readBack(limited, stringsThenAnIntegerArray(1, 2_000)), "2,000 bytes are more than maxbytes=1000");
    }

    private static Object readBack(AttributeCodec limited, Object value) {
        byte[] bytes = limited.serialize("v", value);
        assertNotNull(bytes);
        return limited.deserialize("v", bytes, null, null);
    }

    /** @return an Object[] holding an Object[][] holding an Object[][][]...: each level a class not seen before in the stream */
    private static Object nestedArrays(int depth) {
        Object inner = null;
        for (int level = depth; level >= 1; level--) {
            Class<?> component = Object.class;
            for (int i = 1; i < level; i++) {
                component = component.arrayType();
            }
            Object[] array = (Object[]) java.lang.reflect.Array.newInstance(component, 1);
            array[0] = inner;
            inner = array;
        }
        return inner;
    }

    /** @return {@code count} distinct strings of {@code chars} characters (no filter call), then an Integer[] (one) */
    private static Object[] stringsThenAnIntegerArray(int count, int chars) {
        Object[] values = new Object[count + 1];
        for (int i = 0; i < count; i++) {
            values[i] = i + "s".repeat(chars);
        }
        values[count] = new Integer[0];
        return values;
    }
}
