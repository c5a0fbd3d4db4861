package io.sessiondb.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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
}
