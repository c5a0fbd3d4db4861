package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.LogCallSites;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every log call of the Tomcat adapter passes request and row values through LogText. */
class LogCallSitesTest {

    /** Reviewed: each is safe although it looks risky to the scan. */
    static final Set<String> REVIEWED = Set.of(
            "ConnectionSetup.java:.getName(" // the class name of a JDBC driver in Tomcat's lib/, not of a request or row
    );

    @Test
    void everyLogCallOfTheTomcatAdapterSanitisesRequestAndRowValues() {
        Path sources = Path.of("src/main/java");
        assertTrue(LogCallSites.count(sources) >= 10, "the scan sees the adapter's log calls: " + LogCallSites.count(sources));
        assertEquals(List.of(), LogCallSites.unsanitised(sources, REVIEWED));
    }
}
