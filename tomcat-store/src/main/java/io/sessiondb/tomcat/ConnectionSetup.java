package io.sessiondb.tomcat;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.apache.catalina.Context;

/**
 * Where the store's connections come from in a Tomcat (a JNDI DataSource, or a JDBC driver in lib/),
 * and the class loader the pool's threads get.
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
     * In a Tomcat distribution the drivers sit in lib/ (the bundled PostgreSQL and MariaDB drivers, or an
     * SQLite driver copied there), which {@code java.sql.DriverManager} does not scan: it was set up with
     * the system class loader before lib/ was read. Registering the driver that accepts the URL, found
     * through the standard {@code java.sql.Driver} services of this jar's class loader, lets the pool
     * find it by URL. A URL no driver accepts is left for the pool to report.
     */
    static void registerDriverFor(String jdbcUrl) {
        if (jdbcUrl == null || isRegistered(jdbcUrl)) {
            return;
        }
        ServiceLoader<Driver> drivers = ServiceLoader.load(Driver.class, ConnectionSetup.class.getClassLoader());
        for (Iterator<Driver> it = drivers.iterator(); it.hasNext(); ) {
            try {
                Driver driver = it.next();
                if (driver.acceptsURL(jdbcUrl)) {
                    if (!isRegistered(jdbcUrl)) { // loading the class may have registered it already
                        DriverManager.registerDriver(driver);
                    }
                    return;
                }
            } catch (ServiceConfigurationError | SQLException e) {
                // a driver that cannot load is not the one for this URL; try the next
            }
        }
    }

    private static boolean isRegistered(String jdbcUrl) {
        try {
            DriverManager.getDriver(jdbcUrl);
            return true;
        } catch (SQLException e) {
            return false;
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
