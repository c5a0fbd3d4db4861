package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sessiondb.core.SessiondbConfig;
import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
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
}
