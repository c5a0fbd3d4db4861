package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DialectsTest {

    @Test
    void choosesTheDialectFromTheUrlPrefix() {
        assertInstanceOf(PostgresDialect.class, Dialects.forJdbcUrl("jdbc:postgresql://h:5432/db", "t"));
        assertInstanceOf(MariaDbDialect.class, Dialects.forJdbcUrl("jdbc:mariadb://h:3306/db", "t"));
        assertInstanceOf(MariaDbDialect.class, Dialects.forJdbcUrl("jdbc:mysql://h:3306/db", "t"));
        assertInstanceOf(SqliteDialect.class, Dialects.forJdbcUrl("jdbc:sqlite:/tmp/sessions.db", "t"));
    }

    @Test
    void unsupportedUrlMessageNamesThePropertyAndAllThreeDatabases() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Dialects.forJdbcUrl("jdbc:oracle:thin:@h:1521/db?password=secret", "t"));
        String message = e.getMessage();
        assertTrue(message.contains("jdbcUrl") && message.contains("jdbc:postgresql:") && message.contains("jdbc:mariadb:")
                && message.contains("jdbc:sqlite:"), message);
        assertTrue(!message.contains("secret"), "the query string is left out: " + message);
    }

    @Test
    void sqliteRefusesASchemaQualifiedTableNameNamingTheProperty() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Dialects.forJdbcUrl("jdbc:sqlite:/tmp/sessions.db", "app.sessions"));
        assertTrue(e.getMessage().contains("tableName"), e.getMessage());
    }

    @Test
    void sqliteRefusesAnInMemoryDatabase() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Dialects.forJdbcUrl("jdbc:sqlite::memory:", "t"));
        assertTrue(e.getMessage().contains("jdbcUrl"), e.getMessage());
    }

    @Test
    void mariadbTimeoutsAreInMilliseconds() {
        Map<String, String> properties = Dialects.driverProperties("jdbc:mariadb://h:3306/db", 3000);
        assertEquals("3000", properties.get("connectTimeout"));
        assertEquals("60000", properties.get("socketTimeout"));
        assertEquals("READ-COMMITTED", properties.get("transactionIsolation"));
    }

    @Test
    void sqliteConnectionsGetWalABusyTimeoutAndForeignKeys() {
        Map<String, String> properties = Dialects.driverProperties("jdbc:sqlite:/tmp/sessions.db", 3000);
        assertEquals("WAL", properties.get("journal_mode"));
        assertEquals("5000", properties.get("busy_timeout"));
        assertEquals("true", properties.get("foreign_keys"));
    }
}
