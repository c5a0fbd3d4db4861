package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates or upgrades a dialect's tables to {@link SchemaInfo#CURRENT_VERSION}: under the dialect's
 * schema lock, reads the recorded version (none for a missing table) and runs the scripts of every
 * later version in order ({@link SchemaScript}). Each script records its version in
 * {@code <table>_schema}, so a node that waited for the lock finds the work done and runs nothing.
 */
public final class SchemaMigration {

    private SchemaMigration() {
    }

    /**
     * @return the schema record after the migration
     * @throws SQLException when a script fails; on PostgreSQL and SQLite nothing of it is kept
     */
    public static SchemaInfo migrate(Connection c, Dialect dialect, String table) throws SQLException {
        return dialect.underSchemaLock(c, locked -> {
            int from = dialect.readSchema(locked).map(SchemaInfo::version).orElse(0);
            for (int version = from + 1; version <= SchemaInfo.CURRENT_VERSION; version++) {
                run(locked, dialect, SchemaScript.load(dialect.name(), version, table));
            }
            return dialect.readSchema(locked)
                    .orElseThrow(() -> new SQLException("schema table of " + table + " is empty after its scripts ran"));
        });
    }

    private static void run(Connection c, Dialect dialect, String script) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String statement : SchemaScript.statements(script)) {
                try {
                    st.execute(statement);
                } catch (SQLException e) {
                    if (!dialect.isAlreadyApplied(e)) {
                        throw e;
                    }
                }
            }
        }
    }
}
