package io.sessiondb.core.internal;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates or upgrades a dialect's tables to {@link SchemaInfo#CURRENT_VERSION}: under the dialect's
 * schema lock, reads the recorded version (none for a missing table) and runs the scripts of every
 * later version in order ({@link SchemaScript}). Each script records its version in
 * {@code <table>_schema}, so a node that waited for the lock finds the work done and runs nothing.
 */
public final class SchemaMigration {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private SchemaMigration() {
    }

    /**
     * The schema check every start makes (the repository's and the admin's): reads the recorded version;
     * at {@link SchemaInfo#CURRENT_VERSION} returns it; older, creates or upgrades the tables when
     * {@code createSchema} is on and fails naming the scripts to run when it is off; newer fails ("upgrade
     * sessiondb").
     *
     * @param logPrefix the store name for the INFO line of a creation or upgrade
     * @throws IllegalStateException naming createSchema and the scripts, or the newer version
     */
    public static SchemaInfo ensureCurrent(Connection c, Dialect dialect, String table, boolean createSchema,
                                           String logPrefix) throws SQLException {
        Optional<SchemaInfo> existing = dialect.readSchema(c);
        int version = existing.map(SchemaInfo::version).orElse(0);
        if (version > SchemaInfo.CURRENT_VERSION) {
            throw new IllegalStateException("table " + table + " has schema version " + version
                    + ", newer than this sessiondb reads (" + SchemaInfo.CURRENT_VERSION + "): upgrade sessiondb");
        }
        if (version == SchemaInfo.CURRENT_VERSION) {
            return existing.get();
        }
        if (createSchema) {
            LOG.log(Level.INFO, "{0} - {1} table {2} ({3}) to schema version {4}", logPrefix,
                    version == 0 ? "creating" : "upgrading", table, dialect.name(), SchemaInfo.CURRENT_VERSION);
            return migrate(c, dialect, table);
        }
        throw new IllegalStateException(version == 0
                ? "table " + table + " does not exist and createSchema is false: set createSchema=true or run "
                + scripts(dialect, 1) + " from the sessiondb jar, in that order"
                : "table " + table + " has schema version " + version + " and this sessiondb needs "
                + SchemaInfo.CURRENT_VERSION + "; createSchema is false: set createSchema=true to upgrade it in"
                + " place at start (sessions are kept), or run " + scripts(dialect, version + 1)
                + " from the sessiondb jar, in that order");
    }

    private static String scripts(Dialect dialect, int fromVersion) {
        List<String> names = new ArrayList<>();
        for (int v = fromVersion; v <= SchemaInfo.CURRENT_VERSION; v++) {
            names.add(SchemaScript.resource(dialect.name(), v));
        }
        return String.join(", ", names);
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
