package io.sessiondb.bench;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL WAL bytes per save that changes one small attribute, with the session row only locked (no
 * touch due, the default) against the row rewritten on every save ({@code touchInterval=0}).
 *
 * <p>Usage: {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.WalBench [jdbcUrl]}
 */
public final class WalBench {

    private static final int SESSIONS = 200;
    private static final int ROUNDS = 10;

    private WalBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        try (Connection pg = DriverManager.getConnection(url)) {
            try {
                for (int touchInterval : new int[]{SessiondbConfig.AUTO_TOUCH_INTERVAL, 0}) {
                    long bytes = walBytesPerSave(url, pg, touchInterval);
                    System.out.printf("touchInterval=%2d: %d WAL bytes per save of one changed attribute%n",
                            touchInterval, bytes);
                }
            } finally {
                try (Statement st = pg.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS bench_wal_attributes, bench_wal_index, bench_wal_history, bench_wal_schema, bench_wal");
                }
            }
        }
    }

    private static long walBytesPerSave(String url, Connection pg, int touchInterval) throws SQLException {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(url);
        config.setAppName("wal" + touchInterval);
        config.setTableName("bench_wal");
        config.setTouchInterval(touchInterval);
        try (SessionRepository repo = SessionRepository.start(config)) {
            long now = System.currentTimeMillis();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                String id = "wal-" + touchInterval + "-" + i;
                ids.add(id);
                repo.delete(id);
                repo.save(new SessionSnapshot(id, now, now, 1_800_000, null, Map.of(),
                        Map.of("user", "ada", "count", 0, "profile", new byte[300])), null);
            }
            long before = walPosition(pg);
            for (int round = 1; round <= ROUNDS; round++) {
                for (String id : ids) {
                    LoadedSession loaded = repo.load(id, null).orElseThrow();
                    Map<String, Object> attributes = new HashMap<>(loaded.session().attributes());
                    attributes.put("count", round);
                    repo.save(new SessionSnapshot(id, now, now + round, 1_800_000, null, Map.of(), attributes),
                            loaded.baseline());
                }
            }
            return (walPosition(pg) - before) / ((long) SESSIONS * ROUNDS);
        }
    }

    private static long walPosition(Connection pg) throws SQLException {
        try (Statement st = pg.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
