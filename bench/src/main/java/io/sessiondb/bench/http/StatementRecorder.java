package io.sessiondb.bench.http;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A DataSource that passes everything to the real one and records, while {@link #recording} is on, each
 * prepared statement the store executes with the values bound to it: so that the database floor runs the
 * store's own statements (whatever the dialect classes say today) without a hook in production code.
 */
final class StatementRecorder {

    /** An array bound with {@code createArrayOf}: its SQL element type and elements. */
    record BoundArray(String type, Object[] elements) {
    }

    /** One executed statement: its SQL and its parameters by index (1-based). */
    record Executed(String sql, Map<Integer, Object> parameters) {
    }

    private final DataSource target;
    private final Map<Array, BoundArray> arrays = new IdentityHashMap<>();
    private final List<Executed> executed = new ArrayList<>();
    volatile boolean recording;

    StatementRecorder(DataSource target) {
        this.target = target;
    }

    /** @return the statements recorded since the last call, in order */
    synchronized List<Executed> take() {
        List<Executed> copy = List.copyOf(executed);
        executed.clear();
        return copy;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, target, (t, m, args) -> {
            Object result = m.invoke(t, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, c, (t, m, args) -> {
            Object result = m.invoke(t, args);
            if (m.getName().equals("createArrayOf")) {
                synchronized (this) {
                    arrays.put((Array) result, new BoundArray((String) args[0], (Object[]) args[1]));
                }
            }
            if (m.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
                return statement(ps, (String) args[0]);
            }
            return result;
        });
    }

    private PreparedStatement statement(PreparedStatement ps, String sql) {
        Map<Integer, Object> parameters = new TreeMap<>();
        return proxy(PreparedStatement.class, ps, (t, m, args) -> {
            String name = m.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                Object value = name.equals("setNull") ? null : args[1];
                synchronized (this) {
                    parameters.put(index, value instanceof Array a && arrays.containsKey(a) ? arrays.get(a) : value);
                }
            }
            if (name.startsWith("execute") && recording) {
                synchronized (this) {
                    executed.add(new Executed(sql, new TreeMap<>(parameters)));
                }
            }
            return m.invoke(t, args);
        });
    }

    @FunctionalInterface
    private interface Call {
        Object invoke(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (p, m, args) -> {
            try {
                return call.invoke(target, m, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
