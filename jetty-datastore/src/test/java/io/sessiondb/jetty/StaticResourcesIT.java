package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.CountingDataSource;
import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import io.sessiondb.jetty.HttpProbe.Reply;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The factory's {@code filter}: requests for static resources load and save no session. With the
 * database cut off (through a TCP proxy) a static URI still answers while a session URI answers 503
 * with the configured {@code Retry-After}; a static request runs no statement; {@code filter=""}
 * turns it off.
 */
class StaticResourcesIT {

    private static final String TABLE = TestDatabase.uniqueTable("jetty_static");

    private static TcpProxy proxy;
    private static CountingDataSource counting;
    private static TestNode filtered;
    private static TestNode unfiltered;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase.postgres().close();
        URI pg = URI.create(TestDatabase.PG_URL.substring("jdbc:".length()));
        proxy = new TcpProxy(pg.getHost(), pg.getPort());
        String proxiedUrl = TestDatabase.PG_URL.replace(pg.getHost() + ":" + pg.getPort(), "127.0.0.1:" + proxy.port());
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(proxiedUrl);
        direct.setConnectTimeout(2);
        direct.setSocketTimeout(5);
        counting = new CountingDataSource(direct);
        filtered = new TestNode("A", false, f -> {
            f.setDataSource(counting);
            f.setTableName(TABLE);
            f.setConnectionTimeoutMs(2000);
            f.setFailoverTimeoutMs(1000);
        }).start();
        unfiltered = new TestNode("B", false, f -> {
            f.setJdbcUrl(proxiedUrl);
            f.setTableName(TABLE);
            f.setConnectionTimeoutMs(2000);
            f.setFailoverTimeoutMs(1000);
            f.setFilter("");
        }).start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (filtered != null) {
                filtered.stop();
            }
            if (unfiltered != null) {
                unfiltered.stop();
            }
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    @AfterEach
    void restore() {
        proxy.restore();
    }

    @Test
    void staticRequestRunsNoStatement() throws InterruptedException {
        Client c = new Client();
        assertEquals("1", c.ok(filtered.port(), "/inc"));
        counting.settle(); // Jetty saves the session when the request exits, after the client has its response
        counting.reset();
        Reply css = c.get(filtered.port(), "/style.css");
        assertEquals(200, css.status(), css.body());
        assertEquals(0, counting.roundTrips(), "a static request ran statements");
        counting.reset();
        assertEquals("1", c.ok(filtered.port(), "/counter"));
        assertTrue(counting.roundTrips() > 0, "a session request ran no statement: the count proves nothing");
    }

    @Test
    void staticRequestAnswersWhileTheDatabaseIsDownAndASessionRequestGets503() {
        Client c = new Client();
        assertEquals("1", c.ok(filtered.port(), "/inc"));
        proxy.cut();
        Reply image = c.get(filtered.port(), "/img/Logo.PNG");
        assertEquals(200, image.status(), "a static request failed while the database was down: " + image.body());
        assertNull(image.setSessionCookie());
        Reply session = c.get(filtered.port(), "/inc");
        assertEquals(503, session.status(), session.body());
        assertEquals("2", session.retryAfter(), "Retry-After is not SessiondbConfig.retryAfterSeconds() (2 s timeout)");
        assertNull(session.setSessionCookie());
        proxy.restore();
        assertEquals("2", c.ok(filtered.port(), "/inc"));
    }

    @Test
    void emptyFilterLoadsTheSessionOnEveryRequest() {
        Client c = new Client();
        assertEquals("1", c.ok(unfiltered.port(), "/inc"));
        proxy.cut();
        Reply css = c.get(unfiltered.port(), "/style.css");
        assertEquals(503, css.status(), "with filter=\"\" a static request loads its session: " + css.body());
    }
}
