package io.sessiondb.tomcat;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.apache.catalina.Context;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Where the store's connections come from in a Tomcat (a JNDI DataSource, or a JDBC driver in lib/),
 * and the class loader the pool's threads get.
 */
final class ConnectionSetup {

    private static final Log log = LogFactory.getLog(ConnectionSetup.class);

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
        List<Throwable> skipped = new ArrayList<>();
        for (Iterator<Driver> it = drivers.iterator(); it.hasNext(); ) {
            Driver driver;
            try {
                driver = it.next();
            } catch (ServiceConfigurationError e) {
                skipped.add(e); // a driver listed in lib/ that cannot load; the others may still accept the URL
                continue;
            }
            if (accepts(driver, jdbcUrl, skipped)) {
                register(driver, jdbcUrl);
                return;
            }
        }
        // No driver here accepts the URL: the pool reports that at start, naming the URL. Say why some were skipped.
        for (Throwable e : skipped) {
            log.warn("sessiondb - a JDBC driver in Tomcat's lib/ was skipped while looking for one that accepts the jdbcUrl", e);
        }
    }

    private static boolean accepts(Driver driver, String jdbcUrl, List<Throwable> skipped) {
        try {
            return driver.acceptsURL(jdbcUrl);
        } catch (SQLException e) {
            skipped.add(e);
            return false;
        }
    }

    private static void register(Driver driver, String jdbcUrl) {
        if (isRegistered(jdbcUrl)) { // loading the class may have registered it already
            return;
        }
        try {
            DriverManager.registerDriver(driver);
        } catch (SQLException e) {
            throw new IllegalStateException("sessiondb: registering JDBC driver " + driver.getClass().getName()
                    + " for the jdbcUrl failed: " + e.getMessage(), e);
        }
    }

    /** @return whether {@code DriverManager} has a driver for the URL; its "no suitable driver" is the expected no */
    private static boolean isRegistered(String jdbcUrl) {
        for (Enumeration<Driver> registered = DriverManager.getDrivers(); registered.hasMoreElements(); ) {
            Driver driver = registered.nextElement();
            try {
                if (driver.acceptsURL(jdbcUrl)) {
                    return true;
                }
            } catch (SQLException e) {
                log.debug("sessiondb - registered JDBC driver " + driver.getClass().getName() + " cannot check the jdbcUrl", e);
            }
        }
        return false;
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
