package io.sessiondb.bench.http;

/** The session setups compared in each container. */
enum Setup {
    /** The container's own in-memory sessions: the ceiling. */
    IN_MEMORY("in-memory"),
    /** The container's stock non-sticky database store: Tomcat DataSourceStore + PersistentValve, Jetty JDBCSessionDataStore + null cache. */
    STOCK("stock"),
    /** sessiondb, configured as the README tells a user (non-sticky). */
    SESSIONDB("sessiondb");

    final String label;

    Setup(String label) {
        this.label = label;
    }
}
