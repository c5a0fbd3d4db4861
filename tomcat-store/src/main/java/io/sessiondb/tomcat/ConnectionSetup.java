package io.sessiondb.tomcat;

import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.apache.catalina.Context;

/**
 * Where the store's connections come from in a Tomcat (a JNDI DataSource, or the bundled PostgreSQL
 * driver), and the class loader the pool's threads get.
 */
final class ConnectionSetup {

    private ConnectionSetup() {
    }

    /**
     * Looks up {@code dataSourceName} in the context's {@code java:comp/env}.
     *
     * @throws IllegalArgumentException naming the attribute when nothing, or no DataSource, is bound there
     */
    static DataSource lookupDataSource(Context context, String name) {
        String relative = name.startsWith("java:comp/env/") ? name.substring("java:comp/env/".length()) : name;
        ClassLoader previous = context.bind(false, null);
        try {
            Object found = ((javax.naming.Context) new InitialContext().lookup("java:comp/env")).lookup(relative);
            if (found instanceof DataSource dataSource) {
                return dataSource;
            }
            throw new IllegalArgumentException("dataSourceName=\"" + name + "\" names a "
                    + (found == null ? "null" : found.getClass().getName()) + ", not a javax.sql.DataSource");
        } catch (NamingException e) {
            throw new IllegalArgumentException("dataSourceName=\"" + name + "\" is not bound in java:comp/env of the"
                    + " context: declare a <Resource> or <ResourceLink> of that name (" + e.getMessage() + ")", e);
        } finally {
            context.unbind(false, previous);
        }
    }

    /**
     * In a Tomcat distribution the driver sits in lib/, which {@code java.sql.DriverManager} does not
     * scan; registering it here lets the pool find it by URL.
     */
    static void registerPostgresDriver(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            return;
        }
        try {
            if (!org.postgresql.Driver.isRegistered()) {
                org.postgresql.Driver.register();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sessiondb: the PostgreSQL driver cannot be registered", e);
        }
    }

    /**
     * The pool's threads inherit the context class loader of the thread that starts them: make it this
     * jar's while the pool starts and stops, so that none of them pins the webapp's class loader.
     *
     * @return the class loader to restore
     */
    static ClassLoader useOwnClassLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ConnectionSetup.class.getClassLoader());
        return previous;
    }
}
