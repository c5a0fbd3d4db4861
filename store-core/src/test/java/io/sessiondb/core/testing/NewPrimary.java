package io.sessiondb.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** Times a failover from outside the store: when a plain JDBC connection first reaches the new primary. */
public final class NewPrimary {

    private static final long GIVE_UP_MS = 10_000;

    private NewPrimary() {
    }

    /**
     * Tries to connect to {@code jdbcUrl} (a multi-host URL with {@code targetServerType=primary}) every
     * 10 ms from now on, for at most 10 s.
     *
     * @return the {@link System#nanoTime()} of the first success, or 0 when none came within 10 s
     */
    public static long firstConnection(String jdbcUrl, long sinceNanos) throws InterruptedException {
        long until = sinceNanos + TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MS);
        while (System.nanoTime() - until < 0) {
            try (Connection c = DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "connectTimeout=1")) {
                return System.nanoTime();
            } catch (SQLException notYet) {
                Thread.sleep(10);
            }
        }
        return 0;
    }

    /** @return {@code nanos} after {@code sinceNanos} as "0.12 s", or "never" when {@code nanos} is 0 */
    public static String seconds(long nanos, long sinceNanos) {
        return nanos == 0 ? "never" : String.format("%.2f s", (nanos - sinceNanos) / 1e9);
    }
}
