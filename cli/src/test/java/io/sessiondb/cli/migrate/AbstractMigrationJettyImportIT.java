package io.sessiondb.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessiondb.cli.SessiondbCli;
import io.sessiondb.cli.migrate.testapp.Profile;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.JDBCSessionDataStoreFactory;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionHandler;
import org.junit.jupiter.api.Test;

/**
 * Sessions written by Jetty 12's own JDBCSessionDataStore (session-store-jdbc) for a context /shop,
 * checked, imported into sessiondb on the same database, and read back through sessiondb. Subclasses name
 * the database: PostgreSQL, MariaDB, SQLite.
 */
abstract class AbstractMigrationJettyImportIT extends AbstractMigrationImportIT {

    AbstractMigrationJettyImportIT(MigrationDatabase db) {
        super(db, "jetty");
    }

    @Test
    void importCopiesLiveSessionsWithTheirIdsTimesAndAttributes() throws Exception {
        long now = System.currentTimeMillis();
        Path extra = Files.createTempDirectory("mig-jetty-extra");
        LegacyFixtures.compileCoupon(extra);
        try (WebappClassLoader war = WebappClassLoader.open(LegacyFixtures.legacyWar(), getClass().getClassLoader());
             URLClassLoader lost = new URLClassLoader(new URL[] {extra.resolve("WEB-INF/classes").toUri().toURL()}, war)) {
            Server server = jetty(war);
            try {
                SessionDataStore store = ((SessionHandler) ((ContextHandler) server.getHandler()).getHandler())
                        .getSessionCache().getSessionDataStore();
                Object cart = war.loadClass("com.example.legacy.Cart").getConstructor().newInstance();
                cart.getClass().getMethod("add", String.class).invoke(cart, "bagel");
                SessionData shopper = store.newSessionData("shopper0jetty0id", now - 60_000, now - 1_000, now - 5_000, 1_800_000);
                shopper.setAttribute("visits", 7);
                shopper.setAttribute("cart", cart);
                shopper.setAttribute("profile", new Profile("grace", 9));
                shopper.setAttribute("coupon", lost.loadClass("legacy.extra.Coupon").getConstructor().newInstance());
                store.store("shopper0jetty0id", shopper);
                SessionData visitor = store.newSessionData("visitor0jetty0id", now - 1_000, now, now, -1);
                visitor.setAttribute("visits", 1);
                store.store("visitor0jetty0id", visitor);
                SessionData gone = store.newSessionData("expired0jetty0id", now - 90_000, now - 80_000, now - 80_000, 60_000);
                gone.setExpiry(now - 20_000);
                gone.setAttribute("visits", 3);
                store.store("expired0jetty0id", gone);
            } finally {
                server.stop();
            }
        }

        LegacyFixtures.Run check = LegacyFixtures.run("check", "--from", "jetty-jdbc", "--source-url", db.url(),
                "--source-table", source, "--webapp", LegacyFixtures.legacyWar().toString());
        assertEquals(SessiondbCli.FAILED, check.status(), check.out() + check.err());
        assertTrue(check.out().contains("session shopper0... attribute 'coupon' (legacy.extra.Coupon): class not found"),
                check.out());
        assertTrue(check.out().contains("2 sessions read, 1 skipped (1 expired), 0 failed; 1 attributes will not survive"),
                check.out());
        try (Connection c = db.connect(); ResultSet rs = c.getMetaData().getTables(null, null, target, null)) {
            assertFalse(rs.next(), "check writes nothing");
        }

        LegacyFixtures.Run json = LegacyFixtures.run("check", "--from", "jetty-jdbc", "--source-url", db.url(),
                "--source-table", source, "--webapp", LegacyFixtures.legacyWar().toString(), "--json");
        assertEquals(SessiondbCli.FAILED, json.status(), json.out() + json.err());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertEquals("check", report.get("command").asText());
        assertTrue(report.get("source").asText().contains(source), report.toString());
        assertTrue(report.get("target").isNull() && !report.get("dryRun").asBoolean(), report.toString());
        assertEquals(2, report.get("sessions").asInt());
        assertEquals(1, report.get("skipped").asInt());
        assertEquals(1, report.get("skippedBy").get("expired").asInt(), report.toString());
        assertEquals(0, report.get("failed").asInt());
        assertEquals(1, report.get("attributeProblems").asInt());
        assertEquals(1, report.get("sessionsWithProblems").asInt());
        JsonNode problem = report.get("problems").get(0);
        assertEquals("shopper0...", problem.get("session").asText(), "the id is shortened");
        assertEquals("coupon", problem.get("attribute").asText());
        assertEquals("legacy.extra.Coupon", problem.get("className").asText());
        assertEquals("class not found in the webapp", problem.get("reason").asText());
        assertTrue(report.get("failures").isEmpty(), report.toString());
        assertFalse(json.out().contains("shopper0jetty0id"), "never a whole session id: " + json.out());

        String[] args = {"import", "--from", "jetty-jdbc", "--source-url", db.url(), "--source-table", source,
            "--context", "/shop", "--webapp", LegacyFixtures.legacyWar().toString(), "--jdbc-url", db.url(),
            "--app-name", "shop", "--table-name", target};
        LegacyFixtures.Run first = LegacyFixtures.run(args);
        assertEquals(SessiondbCli.FAILED, first.status(), first.out() + first.err());
        assertTrue(first.out().contains("attribute 'coupon' (legacy.extra.Coupon): class not found"), first.out());
        assertTrue(first.out().contains("2 imported, 1 skipped (1 expired), 0 failed; 1 attributes left out"), first.out());

        try (SessionRepository repository = SessionRepository.start(db.config(target, "shop"));
             WebappClassLoader loader = WebappClassLoader.open(LegacyFixtures.legacyWar(), getClass().getClassLoader())) {
            LoadedSession loaded = repository.load("shopper0jetty0id", loader).orElseThrow();
            SessionSnapshot s = loaded.session();
            assertFalse(loaded.expired());
            assertEquals(7, s.attributes().get("visits"));
            assertEquals(List.of("bagel"), LegacyFixtures.cartItems(s.attributes().get("cart")));
            assertEquals(new Profile("grace", 9), s.attributes().get("profile"));
            assertFalse(s.attributes().containsKey("coupon"));
            assertEquals(now - 60_000, s.createdMs());
            assertEquals(now - 1_000, s.lastAccessedMs());
            assertEquals(1_800_000, s.maxInactiveMs());
            SessionSnapshot never = repository.load("visitor0jetty0id", loader).orElseThrow().session();
            assertTrue(never.maxInactiveMs() <= 0, "a session that never expires stays so");
            assertEquals(1, never.attributes().get("visits"));
            assertTrue(repository.load("expired0jetty0id", loader).isEmpty());

            LegacyFixtures.Run second = LegacyFixtures.run(args);
            assertEquals(SessiondbCli.OK, second.status(), second.out() + second.err());
            assertTrue(second.out().contains("0 imported, 3 skipped (2 already in sessiondb, 1 expired), 0 failed"),
                    second.out());
            assertEquals(2, repository.count());
        }
    }

    /** A Jetty server whose context /shop keeps its sessions with Jetty's JDBCSessionDataStore. */
    private Server jetty(ClassLoader webapp) throws Exception {
        Server server = new Server();
        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        ids.setWorkerName("node0");
        server.addBean(ids, true);
        DatabaseAdaptor adaptor = new DatabaseAdaptor();
        adaptor.setDriverInfo(db.driverClass(), db.url());
        JDBCSessionDataStore.SessionTableSchema schema = new JDBCSessionDataStore.SessionTableSchema();
        schema.setTableName(source);
        JDBCSessionDataStoreFactory factory = new JDBCSessionDataStoreFactory();
        factory.setDatabaseAdaptor(adaptor);
        factory.setSessionTableSchema(schema);
        server.addBean(factory);
        ContextHandler context = new ContextHandler("/shop");
        context.setClassLoader(webapp);
        context.setHandler(new SessionHandler());
        server.setHandler(context);
        server.start();
        return server;
    }
}
