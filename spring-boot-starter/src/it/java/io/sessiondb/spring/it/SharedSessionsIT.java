package io.sessiondb.spring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unchanged {@code SessionApp} on two embedded nodes sharing PostgreSQL, non-sticky (each client
 * alternates between the nodes with the same cookie): once with sessiondb (the starter, the app's own
 * DataSource), once with Spring Session JDBC of the same Boot line, with the same checks. sessiondb must
 * keep everything; what Spring Session keeps is recorded (printed and written to
 * {@code target/spring-session-comparison*.txt}), not asserted, as it depends on timing.
 */
class SharedSessionsIT {

    private static final int CONCURRENT = 24;
    private static final int CART_ITEMS = 6;

    private static final String SESSIONDB_TABLE = TestDatabase.uniqueTable("bootstarter_shared");
    private static final String SPRING_TABLE = TestDatabase.uniqueTable("bootstarter_spring");
    private static final List<Observed> RESULTS = new ArrayList<>();

    private static BootNode sessiondbA;
    private static BootNode sessiondbB;
    private static BootNode springA;
    private static BootNode springB;

    /** What one session store kept of the checks. */
    record Observed(String store, String cookieName, boolean counterShared, int inPlaceOneNode, int inPlaceTwoNodes,
                    int concurrentKept) {

        String row() {
            return String.format("| Boot %s, %s | %s | %s | %d of %d | %d of %d | %d of %d |", BootNode.BOOT, BootNode.SERVER,
                    store, counterShared ? "yes" : "NO", inPlaceOneNode, CART_ITEMS, inPlaceTwoNodes, CART_ITEMS,
                    concurrentKept, CONCURRENT);
        }
    }

    @BeforeAll
    static void startNodes() throws SQLException {
        createSpringSessionTables();
        sessiondbA = BootNode.start(BootNode.sessiondb("a", SESSIONDB_TABLE));
        sessiondbB = BootNode.start(BootNode.sessiondb("b", SESSIONDB_TABLE));
        springA = BootNode.start(BootNode.springSession(SPRING_TABLE));
        springB = BootNode.start(BootNode.springSession(SPRING_TABLE));
    }

    @AfterAll
    static void stopNodes() throws SQLException, IOException {
        for (BootNode node : new BootNode[] {sessiondbA, sessiondbB, springA, springB}) {
            if (node != null) {
                node.close();
            }
        }
        try (Connection c = DriverManager.getConnection(TestDatabase.PG_URL); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + SPRING_TABLE + "_ATTRIBUTES, " + SPRING_TABLE);
            s.execute("DROP TABLE IF EXISTS " + SESSIONDB_TABLE + " CASCADE");
        }
        report();
    }

    @Test
    void sessiondbKeepsEveryChange() throws Exception {
        Observed observed = check("sessiondb", sessiondbA, sessiondbB);
        assertEquals("JSESSIONID", observed.cookieName(), "the container's own session, kept by sessiondb");
        assertTrue(observed.counterShared(), "a counter alternating between the nodes counts 1, 2, 3, ...");
        assertEquals(CART_ITEMS, observed.inPlaceOneNode(), "every in-place change to the cart on one node");
        assertEquals(CART_ITEMS, observed.inPlaceTwoNodes(), "every in-place change to the cart across nodes");
        assertEquals(CONCURRENT, observed.concurrentKept(), "every one of the concurrent updates of different attributes");
        assertTrue(rows(SESSIONDB_TABLE) >= 4, "the sessions are rows of the sessiondb table");
    }

    @Test
    void springSessionJdbcForComparison() throws Exception {
        Observed observed = check("Spring Session JDBC", springA, springB);
        // Only that Spring Session (not the container) served the sessions; what it kept is recorded.
        assertEquals("SESSION", observed.cookieName(), "Spring Session's cookie");
        assertTrue(rows(SPRING_TABLE) >= 1, "the sessions are rows of Spring Session's table");
    }

    private static Observed check(String store, BootNode x, BootNode y) throws Exception {
        Client counter = new Client();
        StringBuilder counts = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            counts.append(counter.get((i % 2 == 1 ? x : y).url("/count"))).append(' ');
            expected.append(i).append(' ');
        }
        String cookieName = counter.cookie().split("=", 2)[0];

        Client oneNode = new Client();
        for (int i = 1; i <= CART_ITEMS; i++) {
            oneNode.get(x.url("/cart/add?item=i" + i));
        }
        int keptOneNode = items(oneNode.get(x.url("/cart")));

        Client twoNodes = new Client();
        for (int i = 1; i <= CART_ITEMS; i++) {
            twoNodes.get((i % 2 == 1 ? x : y).url("/cart/add?item=i" + i));
        }
        int keptTwoNodes = Math.min(items(twoNodes.get(x.url("/cart"))), items(twoNodes.get(y.url("/cart"))));

        int concurrentKept = concurrentUpdates(x, y);
        Observed observed = new Observed(store, cookieName, counts.toString().equals(expected.toString()),
                keptOneNode, keptTwoNodes, concurrentKept);
        synchronized (RESULTS) {
            RESULTS.add(observed);
        }
        System.out.println("sessiondb-it " + observed.row() + " counter answers: " + counts.toString().trim());
        return observed;
    }

    /** {@value #CONCURRENT} requests at once, half on each node, each setting its own attribute of one session. */
    private static int concurrentUpdates(BootNode x, BootNode y) throws Exception {
        Client client = new Client();
        client.get(x.url("/count"));
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                String url = (i % 2 == 0 ? x : y).url("/inc/k" + i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.get(url);
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertEquals("1", answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        String numbers = client.get(y.url("/numbers"));
        return (int) numbers.lines().filter(line -> line.endsWith("=1")).count();
    }

    private static int items(String cart) {
        return cart.isEmpty() ? 0 : cart.split(",").length;
    }

    private static long rows(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.PG_URL); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Spring Session's PostgreSQL schema (schema-postgresql.sql) under a table name of this run. */
    private static void createSpringSessionTables() throws SQLException {
        String t = SPRING_TABLE;
        try (Connection c = DriverManager.getConnection(TestDatabase.PG_URL); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + t + " (PRIMARY_ID CHAR(36) NOT NULL, SESSION_ID CHAR(36) NOT NULL,"
                    + " CREATION_TIME BIGINT NOT NULL, LAST_ACCESS_TIME BIGINT NOT NULL, MAX_INACTIVE_INTERVAL INT NOT NULL,"
                    + " EXPIRY_TIME BIGINT NOT NULL, PRINCIPAL_NAME VARCHAR(100), CONSTRAINT " + t + "_PK PRIMARY KEY (PRIMARY_ID))");
            s.execute("CREATE UNIQUE INDEX " + t + "_IX1 ON " + t + " (SESSION_ID)");
            s.execute("CREATE INDEX " + t + "_IX2 ON " + t + " (EXPIRY_TIME)");
            s.execute("CREATE TABLE " + t + "_ATTRIBUTES (SESSION_PRIMARY_ID CHAR(36) NOT NULL,"
                    + " ATTRIBUTE_NAME VARCHAR(200) NOT NULL, ATTRIBUTE_BYTES BYTEA NOT NULL,"
                    + " CONSTRAINT " + t + "_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),"
                    + " CONSTRAINT " + t + "_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID) REFERENCES " + t
                    + "(PRIMARY_ID) ON DELETE CASCADE)");
        }
    }

    private static void report() throws IOException {
        StringBuilder table = new StringBuilder();
        for (Observed observed : RESULTS) {
            table.append(observed.row()).append('\n');
        }
        System.out.print("sessiondb-it | run | store | counter shared | in-place, one node | in-place, two nodes | "
                + CONCURRENT + " concurrent |\n" + table);
        String file = System.getProperty("sessiondb.it.results");
        if (file != null) {
            Path path = Path.of(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, table.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
