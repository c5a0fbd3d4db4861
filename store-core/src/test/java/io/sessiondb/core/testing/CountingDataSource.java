package io.sessiondb.core.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a DataSource and counts the round trips the store makes: statement executions, commits and
 * rollbacks. Test code only.
 */
public final class CountingDataSource implements DataSource {

    private final DataSource delegate;
    private final AtomicInteger roundTrips = new AtomicInteger();

    public CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** @return round trips since the last reset */
    public int roundTrips() {
        return roundTrips.get();
    }

    public void reset() {
        roundTrips.set(0);
    }

    /**
     * Waits until no round trip has been made for 300 ms (at most 30 s): Jetty saves a session, and gives up
     * its lease, when the request exits, after the client already has its response.
     */
    public void settle() throws InterruptedException {
        int seen = -1;
        for (int i = 0; i < 100 && seen != roundTrips.get(); i++) {
            seen = roundTrips.get();
            Thread.sleep(300);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                handler(connection, true));
    }

    private InvocationHandler handler(Object target, boolean isConnection) {
        return (proxy, method, args) -> {
            String name = method.getName();
            if (isConnection && (name.equals("commit") || name.equals("rollback"))) {
                roundTrips.incrementAndGet();
            }
            if (!isConnection && name.startsWith("execute")) {
                roundTrips.incrementAndGet();
            }
            Object result = invoke(target, method, args);
            if (isConnection && result instanceof Statement statement) {
                Class<?> type = method.getReturnType();
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, handler(statement, false));
            }
            return result;
        };
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
