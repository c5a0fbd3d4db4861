package io.sessiondb.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The {@code sessiondb.*} properties are the README's settings, all of them, and each reaches both servers:
 * the README "Configuration" table, {@link SessiondbProperties}, {@link TomcatSessions}, {@link JettySessions}
 * and the docs/spring-boot.md table cannot drift apart.
 */
class SessiondbPropertiesTest {

    private static final Path ROOT = Path.of(System.getProperty("sessiondb.test.repositoryRoot", ".."));

    @Test
    void everyReadmeSettingIsAProperty() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String setting : readmeSettings()) {
            if (!properties().contains(setting)) {
                missing.add(setting);
            }
        }
        assertEquals(List.of(), missing, "README settings with no sessiondb.* property in SessiondbProperties");
    }

    @Test
    void everyPropertyIsAReadmeSettingOrEnabled() throws IOException {
        TreeSet<String> extra = properties();
        extra.removeAll(readmeSettings());
        assertEquals(new TreeSet<>(List.of("enabled")), extra, "properties that are not README settings");
    }

    @Test
    void everyReadmeSettingIsAppliedOnTomcatAndOnJetty() throws IOException {
        for (String adapter : List.of("TomcatSessions", "JettySessions")) {
            String source = Files.readString(ROOT.resolve("spring-boot-starter/src/main/java/io/sessiondb/spring/" + adapter + ".java"));
            List<String> missing = new ArrayList<>();
            for (String setting : readmeSettings()) {
                String getter = "p.get" + Character.toUpperCase(setting.charAt(0)) + setting.substring(1) + "()";
                if (!source.contains("apply(\"" + setting + "\", " + getter)) {
                    missing.add(setting);
                }
            }
            assertEquals(List.of(), missing, adapter + " does not apply these settings");
        }
    }

    @Test
    void docsSpringBootListsEveryProperty() throws IOException {
        String docs = Files.readString(ROOT.resolve("docs/spring-boot.md"));
        List<String> missing = new ArrayList<>();
        for (String setting : properties()) {
            if (!docs.contains("| `" + SessiondbProperties.propertyName(setting) + "`")
                    && !docs.contains(", `" + SessiondbProperties.propertyName(setting) + "` |")) {
                missing.add(SessiondbProperties.propertyName(setting));
            }
        }
        assertEquals(List.of(), missing, "properties missing from the table of docs/spring-boot.md");
    }

    @Test
    void kebabCaseCamelCaseAndEnvironmentVariablesBindAlike() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("application.properties", Map.of(
                "sessiondb.max-pool-size", "7",
                "sessiondb.historyDays", "5",
                "sessiondb.client-info", "false")));
        sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SESSIONDB_IDSECRETFILE", "/run/secrets/sessiondb-id",
                        "SESSIONDB_INDEXEDATTRIBUTES", "tenant",
                        "SESSIONDB_CODEC", "mixed")));
        SessiondbProperties bound = new Binder(ConfigurationPropertySources.from(sources))
                .bind("sessiondb", SessiondbProperties.class).get();
        assertEquals(7, bound.getMaxPoolSize());
        assertEquals(5, bound.getHistoryDays());
        assertFalse(bound.getClientInfo());
        assertEquals("/run/secrets/sessiondb-id", bound.getIdSecretFile());
        assertEquals("tenant", bound.getIndexedAttributes());
        assertEquals("mixed", bound.getCodec());
        assertTrue(bound.isEnabled());
    }

    @Test
    void propertyNameIsKebabCase() {
        assertEquals("sessiondb.max-pool-size", SessiondbProperties.propertyName("maxPoolSize"));
        assertEquals("sessiondb.id-secret-file", SessiondbProperties.propertyName("idSecretFile"));
    }

    /** @return the settings named in the first column of README's "Configuration" table */
    private static TreeSet<String> readmeSettings() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Configuration");
        assertTrue(start >= 0, "README.md has a Configuration section");
        TreeSet<String> settings = new TreeSet<>();
        for (String line : readme.substring(start).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher name = Pattern.compile("`(\\w+)`").matcher(line.substring(1, line.indexOf('|', 1)));
                while (name.find()) {
                    settings.add(name.group(1));
                }
            } else if (!settings.isEmpty() && !line.startsWith("|")) {
                break;
            }
        }
        assertTrue(settings.size() > 20, "README's Configuration table was read: " + settings);
        return settings;
    }

    /** @return the bean properties of {@link SessiondbProperties} (those with a public setter) */
    private static TreeSet<String> properties() {
        TreeSet<String> names = new TreeSet<>();
        for (Method m : SessiondbProperties.class.getMethods()) {
            if (m.getName().startsWith("set") && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers())) {
                names.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        return names;
    }
}
