package io.sessiondb.bench.http;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmark's database: the JDBC URL the servers use (user {@code bench}, database {@code bench} on
 * the benchmark's own PostgreSQL), the table names, and a small pool for the harness's own DDL.
 */
final class BenchDatabase implements AutoCloseable {

    /** sessiondb's table in every container. */
    static final String SESSIONDB_TABLE = "bench_http";
    /** Tomcat DataSourceStore's table. */
    static final String TOMCAT_TABLE = "bench_tomcat_sessions";
    /** Jetty JDBCSessionDataStore's table (Jetty creates it). */
    static final String JETTY_TABLE = "bench_jetty_sessions";

    final String url;
    final int poolSize;
    private final HikariDataSource admin;

    BenchDatabase(String url, int poolSize) {
        this.url = url;
        this.poolSize = poolSize;
        admin = new HikariDataSource();
        admin.setJdbcUrl(url);
        admin.setMaximumPoolSize(2);
        admin.setPoolName("bench-harness");
    }

    HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(poolSize);
        return pool;
    }

    void execute(String... sql) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Creates Tomcat DataSourceStore's table (its documented columns), empty. */
    void createTomcatTable() throws SQLException {
        execute("DROP TABLE IF EXISTS " + TOMCAT_TABLE,
                "CREATE TABLE " + TOMCAT_TABLE + " (id VARCHAR(100) PRIMARY KEY, valid CHAR(1) NOT NULL,"
                        + " maxinactive INT NOT NULL, lastaccess BIGINT NOT NULL, app VARCHAR(255), data BYTEA)");
    }

    /** Drops every table a setup may have created, so that each run starts from empty tables. */
    void dropAll() throws SQLException {
        String t = SESSIONDB_TABLE;
        execute("DROP TABLE IF EXISTS " + TOMCAT_TABLE + ", " + JETTY_TABLE + ", " + t + "_attributes, " + t + "_index, "
                + t + "_history, " + t + "_schema, " + t);
    }

    @Override
    public void close() {
        admin.close();
    }
}
