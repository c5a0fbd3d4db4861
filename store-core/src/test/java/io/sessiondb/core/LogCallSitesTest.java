package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.LogCallSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every log call of store-core passes request and row values through LogText. */
class LogCallSitesTest {

    /** Reviewed: each is safe although it looks risky to the scan. */
    static final Set<String> REVIEWED = Set.of();

    @Test
    void everyLogCallOfStoreCoreSanitisesRequestAndRowValues() {
        Path sources = Path.of("src/main/java");
        assertTrue(LogCallSites.count(sources) >= 15, "the scan sees store-core's log calls: " + LogCallSites.count(sources));
        assertEquals(List.of(), LogCallSites.unsanitised(sources, REVIEWED));
    }

    @Test
    void theScanFindsARawNameAnExceptionMessageAndAConcatenatedId(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Bad.java"), """
                class Bad {
                    void a(String name) { LOG.log(Level.WARNING, "attribute {0} is bad", name); }
                    void b(Exception e) { log.warn("failed: " + e.getMessage()); }
                    void c(String id) { log.debug("session " + id + " (\\"quoted\\")"); }
                    void d(String name, String id) { LOG.log(Level.WARNING, "{0} {1}", LogText.of(name), LogText.id(id)); }
                    void e(Exception e) { log.error("sessiondb - failed (name)", e); }
                }
                """);
        List<LogCallSites.Finding> findings = LogCallSites.unsanitised(dir, Set.of());
        assertEquals(List.of(2, 3, 4), findings.stream().map(LogCallSites.Finding::line).toList(), findings.toString());
    }
}
