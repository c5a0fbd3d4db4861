package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.testing.TestDatabase;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: a repository starts, saves, loads and shows every metric over JMX in a class
 * loader that holds store-core and its required dependencies only.
 */
class StoreRunsWithoutMicrometerIT {

    static final String TABLE = TestDatabase.uniqueTable("nm_no_micrometer");

    @AfterAll
    static void dropTable() {
        TestDatabase.dropTables(TABLE);
    }

    @Test
    void repositoryRunsAndShowsItsMetricsWithoutMicrometer() throws Exception {
        List<Class<?>> jarsOf = List.of(SessionRepository.class, NoMicrometerProbe.class, HikariDataSource.class,
                org.postgresql.Driver.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class, Recorder.class,
                org.slf4j.LoggerFactory.class);
        URL[] urls = jarsOf.stream().map(c -> c.getProtectionDomain().getCodeSource().getLocation()).distinct()
                .toArray(URL[]::new);
        try (URLClassLoader withoutMicrometer = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> withoutMicrometer.loadClass("io.micrometer.core.instrument.MeterRegistry"),
                    "the test's class loader really has no Micrometer");
            Class<?> probe = Class.forName(NoMicrometerProbe.class.getName(), true, withoutMicrometer);
            ((Runnable) probe.getDeclaredConstructor().newInstance()).run();
        }
    }
}
