package io.sessiondb.cli.migrate;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;

/**
 * What the Tomcat and Jetty import tests share: the database under test, the legacy store's table
 * ({@link #source}) and sessiondb's ({@link #target}), both dropped after each test.
 */
abstract class AbstractMigrationImportIT {

    final MigrationDatabase db;
    final String source;
    final String target;

    /** @param container names the tables: {@code mig_<container>_src}, {@code mig_<container>_dst} */
    AbstractMigrationImportIT(MigrationDatabase db, String container) {
        this.db = db;
        this.source = TestDatabase.uniqueTable("mig_" + container + "_src");
        this.target = TestDatabase.uniqueTable("mig_" + container + "_dst");
    }

    @AfterEach
    void dropTables() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + source);
        }
        db.dropTargetTables(target);
    }
}
