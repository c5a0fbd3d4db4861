package io.sessiondb.core;

import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A separate process for {@link SqliteSessionRepositoryIT}: opens one repository on a SQLite file
 * and, from several threads, adds attributes to one session by load-modify-save while one more
 * thread claims expired sessions and writes the ids it won to a file, one a line. Exits with 0 when
 * every save reported {@link Outcome#UPDATED}, 1 otherwise. Test code only.
 *
 * <p>Arguments: jdbcUrl table app sessionId prefix threads savesPerThread claimsFile
 */
public final class SqliteHammer {

    private SqliteHammer() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String table = args[1];
        String app = args[2];
        String id = args[3];
        String prefix = args[4];
        int threads = Integer.parseInt(args[5]);
        int saves = Integer.parseInt(args[6]);
        java.nio.file.Path claimsFile = java.nio.file.Path.of(args[7]);
        SessiondbConfig config = TestDatabase.sqliteConfig(url, table, app);
        config.setNodeName(prefix);
        int exit = 0;
        try (SessionRepository repo = SessionRepository.start(config)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            List<Future<?>> done = new ArrayList<>();
            done.add(pool.submit(() -> {
                List<String> won = new ArrayList<>();
                List<String> batch;
                while (!(batch = repo.claimExpired(5)).isEmpty()) {
                    won.addAll(batch);
                }
                java.nio.file.Files.write(claimsFile, won);
                return null;
            }));
            for (int t = 0; t < threads; t++) {
                String mine = prefix + "-t" + t + "-";
                done.add(pool.submit(() -> {
                    hammer(repo, id, mine, saves);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (Exception e) {
                    e.printStackTrace();
                    exit = 1;
                }
            }
            pool.shutdownNow();
        }
        System.exit(exit);
    }

    private static void hammer(SessionRepository repo, String id, String mine, int saves) {
        for (int i = 0; i < saves; i++) {
            LoadedSession loaded = repo.load(id, SqliteHammer.class.getClassLoader())
                    .orElseThrow(() -> new AssertionError("session " + id + " is gone"));
            Map<String, Object> attributes = new HashMap<>(loaded.session().attributes());
            attributes.put(mine + i, i);
            SessionSnapshot s = loaded.session();
            SaveResult result = repo.save(new SessionSnapshot(s.id(), s.createdMs(), System.currentTimeMillis(),
                    s.maxInactiveMs(), s.principal(), s.metadata(), attributes), loaded.baseline());
            if (result.outcome() != Outcome.UPDATED) {
                throw new AssertionError("save " + mine + i + " was " + result.outcome());
            }
        }
    }
}
