package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void simpleValuesRoundTripAsReadableJson() throws Exception {
        Map<String, Object> value = new HashMap<>(Map.of("n", 1, "d", 1.5, "s", "x", "b", true, "l", new ArrayList<>(List.of(1L << 40))));
        byte[] json = JsonValues.write(value);
        assertNotNull(json);
        assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"s\":\"x\""));
        assertEquals(value, JsonValues.read(json));
        assertFalse(JsonValues.isJavaSerialization(json));
        assertTrue(JsonValues.looksLikeJson(json));
    }

    @Test
    void valuesThatWouldNotReadBackTheSameAreNotRepresentable() {
        assertNull(JsonValues.write(5L), "reads back as an Integer");
        assertNull(JsonValues.write(1.5f), "reads back as a Double");
        assertNull(JsonValues.write(new TreeMap<>(Map.of("a", 1))), "reads back as a LinkedHashMap");
        assertNull(JsonValues.write(List.of("a")), "an immutable list reads back as an ArrayList");
        assertNull(JsonValues.write(new HashMap<>(Map.of(1, "a"))), "keys that are not strings");
        assertNull(JsonValues.write(new java.util.Date(0)));
        assertNull(JsonValues.write(Double.NaN));
    }

    @Test
    void corruptJsonCannotBeReadAndJavaBytesAreRecognised() {
        AttributeCodec mixed = new AttributeCodec("maxdepth=5", AttributeCodec.Mode.MIXED, "test");
        assertNull(mixed.deserialize("bad", "{\"unclosed\":".getBytes(StandardCharsets.UTF_8), null, null));
        byte[] java = new AttributeCodec("maxdepth=5", "test").serialize("d", new java.util.Date(0));
        assertTrue(JsonValues.isJavaSerialization(java));
        assertEquals(new java.util.Date(0), mixed.deserialize("d", java, null, null));
    }
}
