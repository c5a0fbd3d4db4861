package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassCountsTest {

    private final ClassCounts counts = new ClassCounts();

    @Test
    void countsByNameWithSanitisedNamesAndNullAsUnknown() {
        counts.increment("com.example.Cart");
        counts.increment("com.example.Cart");
        counts.increment("com.example.Evil\r\nFORGED");
        counts.increment(null);
        assertEquals(Map.of("com.example.Cart", 2L, "com.example.Evil??FORGED", 1L, ClassCounts.UNKNOWN, 1L),
                counts.snapshot());
    }

    @Test
    void namesPastTheBoundCountAsOther() {
        for (int i = 0; i < ClassCounts.MAX_CLASSES + 50; i++) {
            counts.increment("c" + i);
        }
        counts.increment("c0");
        Map<String, Long> snapshot = counts.snapshot();
        assertEquals(ClassCounts.MAX_CLASSES + 1, snapshot.size());
        assertEquals(50, snapshot.get(ClassCounts.OTHER));
        assertEquals(2, snapshot.get("c0"));
    }

    @Test
    void listenerGetsEveryKeyOnceItHasACounter() {
        counts.increment("before");
        List<String> seen = new ArrayList<>();
        counts.onNewKey(seen::add);
        counts.increment("after");
        counts.increment("after");
        assertEquals(List.of("before", "after"), seen);
        assertTrue(counts.get("after") == 2);
    }
}
