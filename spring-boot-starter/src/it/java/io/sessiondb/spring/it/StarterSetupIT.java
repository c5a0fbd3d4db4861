package io.sessiondb.spring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

/** What a Boot application gets on its classpath and at start from the starter. */
class StarterSetupIT {

    @Test
    void theServerUnderTestIsTheOneThisExecutionChose() {
        assertEquals("tomcat".equals(BootNode.SERVER), present("org.apache.catalina.startup.Tomcat"), "Tomcat on the classpath");
        assertEquals("jetty".equals(BootNode.SERVER), present("org.eclipse.jetty.server.Server")
                && !present("org.apache.catalina.startup.Tomcat"), "Jetty alone on the classpath");
    }

    @Test
    void logbackIsTheOnlySlf4jProvider() {
        List<String> providers = new ArrayList<>();
        ServiceLoader.load(SLF4JServiceProvider.class).forEach(p -> providers.add(p.getClass().getName()));
        assertEquals(List.of("ch.qos.logback.classic.spi.LogbackServiceProvider"), providers);
    }

    @Test
    void aBadPropertyFailsTheStartNamingIt() {
        Map<String, Object> properties = BootNode.sessiondb("bad", "bootstarter_never_created");
        properties.put("sessiondb.max-pool-size", "0");
        Throwable failure = assertThrows(Throwable.class, () -> BootNode.start(properties).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("sessiondb.max-pool-size is invalid: maxPoolSize cannot be less than 1"),
                messages.toString());
    }

    @Test
    void noDatabaseFailsTheStartNamingWhatToSet() {
        Map<String, Object> properties = BootNode.sessiondb("nodb", "bootstarter_never_created");
        properties.remove("spring.datasource.url");
        // No DataSource at all: Boot's DataSource auto-configuration (Boot 3.5's and 4.0's name) is left out.
        properties.put("spring.autoconfigure.exclude", BootNode.SPRING_SESSION_AUTO_CONFIGURATION
                + ",org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
                + ",org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
        Throwable failure = assertThrows(Throwable.class, () -> BootNode.start(properties).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("sessiondb: sessiondb.jdbc-url is not set and the application has no"
                + " single DataSource bean"), messages.toString());
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, StarterSetupIT.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
