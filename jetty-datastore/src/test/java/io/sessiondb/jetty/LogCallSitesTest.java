package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.LogCallSites;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every log call of the Jetty adapter passes request and row values through LogText. */
class LogCallSitesTest {

    /** Reviewed: each is safe although it looks risky to the scan. */
    static final Set<String> REVIEWED = Set.of();

    @Test
    void everyLogCallOfTheJettyAdapterSanitisesRequestAndRowValues() {
        Path sources = Path.of("src/main/java");
        assertTrue(LogCallSites.count(sources) >= 10, "the scan sees the adapter's log calls: " + LogCallSites.count(sources));
        assertEquals(List.of(), LogCallSites.unsanitised(sources, REVIEWED));
    }
}
