package io.sessiondb.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsAreTwoPortsAndAnSqliteFile() {
        DemoOptions options = DemoOptions.parse(new String[0], null);
        assertEquals(List.of(8081, 8082), options.ports());
        assertEquals("jdbc:sqlite:sessiondb-demo.db", options.db());
    }

    @Test
    void environmentChoosesTheDatabaseAndTheFlagWins() {
        assertEquals("jdbc:postgresql://h/db", DemoOptions.parse(new String[0], "jdbc:postgresql://h/db").db());
        assertEquals("jdbc:mariadb://h/db",
                DemoOptions.parse(new String[]{"--db", "jdbc:mariadb://h/db"}, "jdbc:postgresql://h/db").db());
    }

    @Test
    void portsFlagTakesTwoDifferentPorts() {
        assertEquals(List.of(9001, 9002), DemoOptions.parse(new String[]{"--ports", "9001,9002"}, null).ports());
        for (String bad : List.of("9001", "9001,9001", "a,b", "0,1", "1,2,3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DemoOptions.parse(new String[]{"--ports", bad}, null));
            assertTrue(e.getMessage().startsWith("--ports"), e.getMessage());
        }
    }

    @Test
    void badInputIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(new String[]{"--db", "postgres"}, null))
                .getMessage().startsWith("--db"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(new String[]{"--db"}, null))
                .getMessage().startsWith("--db"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(new String[]{"--nope"}, null))
                .getMessage().contains("--nope"));
    }

    @Test
    void helpIsRecognised() {
        assertTrue(DemoOptions.parse(new String[]{"--help"}, null).help());
        assertTrue(DemoOptions.parse(new String[]{"-h"}, null).help());
    }

    @Test
    void redactHidesTheQueryString() {
        assertEquals("jdbc:postgresql://h/db?...", Demo.redact("jdbc:postgresql://h/db?user=u&password=p"));
        assertEquals("jdbc:sqlite:x.db", Demo.redact("jdbc:sqlite:x.db"));
    }
}
