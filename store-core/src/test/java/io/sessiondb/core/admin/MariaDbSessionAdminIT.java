package io.sessiondb.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link SessionAdmin} contract on MariaDB. */
class MariaDbSessionAdminIT extends AbstractSessionAdminContractTest {

    @Override
    protected SessiondbConfig config(String table) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(TestDatabase.MARIADB_URL);
        config.setTableName(table);
        config.setMaxPoolSize(4);
        return config;
    }

    @Override
    protected Connection connect() {
        return TestDatabase.mariadb();
    }

    /**
     * Version 5 gives both principal indexes expiry_ms and revoked_ms, from which the statistics count the
     * distinct principals; running its script again (after an interruption) rebuilds them the same.
     */
    @Override
    protected void checkUpgraded(Connection c, String table) throws SQLException {
        List<String> newest = List.of("app", "principal", "last_access_ms", "id_digest", "expiry_ms", "revoked_ms");
        List<String> all = List.of("principal", "last_access_ms", "app", "id_digest", "expiry_ms", "revoked_ms");
        assertEquals(newest, indexColumns(c, table, table + "_principal_newest_ix"));
        assertEquals(all, indexColumns(c, table, table + "_principal_all_newest_ix"));
        AdminRows.runScript(c, "mariadb", table, 5);
        assertEquals(newest, indexColumns(c, table, table + "_principal_newest_ix"));
        assertEquals(all, indexColumns(c, table, table + "_principal_all_newest_ix"));
    }

    private static List<String> indexColumns(Connection c, String table, String index) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ? ORDER BY seq_in_index")) {
            ps.setString(1, table);
            ps.setString(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> columns = new ArrayList<>();
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
                return columns;
            }
        }
    }

    /**
     * With a pool of one connection, the statistics do not wait for a second one to count the principals
     * beside the pass over the sessions: they count them on their own connection after it.
     */
    @Test
    void statisticsOnAPoolOfOneDoNotWaitForASecondConnection() throws SQLException {
        String table = TestDatabase.uniqueTable("opsadmin_pool1");
        SessiondbConfig config = config(table);
        config.setMaxPoolSize(1);
        config.setConnectionTimeoutMs(30_000);
        try (SessionAdmin one = SessionAdmin.start(config); Connection c = connect()) {
            long now = System.currentTimeMillis();
            AdminRows.insert(c, table, List.of(AdminRows.session("p", "u1", now), AdminRows.session("p", "u2", now),
                    AdminRows.session("q", "u1", now)));
            for (int i = 0; i < 3; i++) {
                SessionStatistics all = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> one.statistics(null),
                        "waited for a second connection of a pool of one");
                assertEquals(2, all.principals());
                assertEquals(1, one.statistics("q").principals());
            }
        } finally {
            try (Connection c = connect()) {
                AdminRows.drop(c, table);
            }
        }
    }
}
