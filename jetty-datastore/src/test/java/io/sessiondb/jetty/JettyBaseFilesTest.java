package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Jetty module files shipped in the jetty-base zip. */
class JettyBaseFilesTest {

    private static final Path BASE = Paths.get("src/main/jetty-base");

    private static String read(String file) throws IOException {
        return Files.readString(BASE.resolve(file));
    }

    private static String section(String module, String name) {
        int start = module.indexOf("[" + name + "]\n");
        assertTrue(start >= 0, "no [" + name + "] section");
        int end = module.indexOf("\n[", start + 1);
        return module.substring(start + name.length() + 3, end < 0 ? module.length() : end).trim();
    }

    @Test
    void sessiondbModuleHasTheShapeOfSessionStoreJdbc() throws IOException {
        String mod = read("modules/sessiondb.mod");
        assertEquals("session-store", section(mod, "provides"));
        assertEquals("sessions", section(mod, "depend"));
        assertEquals("lib/sessiondb/*.jar", section(mod, "lib"));
        assertEquals("etc/sessiondb.xml", section(mod, "xml"));
        assertEquals("session", section(mod, "tags"));
        assertFalse(section(mod, "description").isEmpty());
    }

    @Test
    void everyXmlPropertyIsInTheIniTemplateCommentedOut() throws IOException {
        String template = section(read("modules/sessiondb.mod"), "ini-template");
        List<String> properties = properties(read("etc/sessiondb.xml"));
        assertTrue(properties.size() >= 16, "properties: " + properties);
        for (String p : properties) {
            assertTrue(template.contains("\n#" + p + "="), p + " is not in the ini-template");
        }
        for (String line : template.split("\n")) {
            assertFalse(line.startsWith("sessiondb."), "not commented out: " + line);
        }
    }

    @Test
    void everyXmlSetCallsAFactorySetter() throws IOException {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("<Set name=\"(\\w+)\"").matcher(read("etc/sessiondb.xml"));
        while (m.find()) {
            names.add(m.group(1));
        }
        for (String name : names) {
            String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            assertTrue(Arrays.stream(SessiondbDataStoreFactory.class.getMethods()).map(Method::getName).anyMatch(setter::equals),
                    "SessiondbDataStoreFactory has no " + setter);
        }
    }

    @Test
    void everySessiondbConfigSettingButDataSourceIsAModuleProperty() throws IOException {
        String xml = read("etc/sessiondb.xml");
        for (Method setter : SessiondbDataStoreFactoryTest.configSetters()) {
            String property = Character.toLowerCase(setter.getName().charAt(3)) + setter.getName().substring(4);
            if (!property.equals("dataSource")) {
                assertTrue(xml.contains("<Set name=\"" + property + "\" property=\"sessiondb." + property + "\"/>"),
                        property + " is not settable from the sessiondb module (etc/sessiondb.xml)");
            }
        }
    }

    @Test
    void cacheModuleProvidesTheSessionCache() throws IOException {
        String mod = read("modules/sessiondb-cache.mod");
        assertEquals("session-cache", section(mod, "provides"));
        assertEquals("etc/sessiondb-cache.xml", section(mod, "xml"));
        assertTrue(read("etc/sessiondb-cache.xml").contains("io.sessiondb.jetty.SessiondbSessionCacheFactory"));
    }

    private static List<String> properties(String xml) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("property=\"([\\w.]+)\"").matcher(xml);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
