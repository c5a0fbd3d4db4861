package io.sessiondb.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessiondb.cli.SessiondbCli;
import io.sessiondb.cli.migrate.testapp.Profile;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.tomcat.SessiondbStore;
import io.sessiondb.tomcat.SessiondbValve;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.session.DataSourceStore;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.junit.jupiter.api.Test;

/**
 * Sessions written by Tomcat's own DataSourceStore (PersistentManager, a JNDI DataSource, the legacy
 * webapp driven over HTTP), imported into sessiondb on the same database, read back through sessiondb and
 * served by Tomcat with the sessiondb store. Subclasses name the database: PostgreSQL, MariaDB, SQLite.
 */
abstract class AbstractMigrationTomcatImportIT extends AbstractMigrationImportIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The column names of Tomcat's documentation, as Tomcat's store is configured here. */
    private static final List<String> COLUMNS = List.of("--source-column", "sessionIdCol=session_id",
            "--source-column", "sessionAppCol=app_name", "--source-column", "sessionDataCol=session_data",
            "--source-column", "sessionValidCol=valid_session", "--source-column", "sessionMaxInactiveCol=max_inactive",
            "--source-column", "sessionLastAccessedCol=last_access");

    AbstractMigrationTomcatImportIT(MigrationDatabase db) {
        super(db, "tomcat");
    }

    @Test
    void importCopiesLiveSessionsWithTheirIdsTimesAndAttributes() throws Exception {
        createTomcatTable();
        Path base = Files.createTempDirectory("mig-tomcat");
        Path docBase = LegacyFixtures.explode(LegacyFixtures.legacyWar(), base.resolve("shop"));
        LegacyFixtures.compileCoupon(docBase);
        Tomcat tomcat = tomcat(base, docBase);
        Context context = (Context) tomcat.getHost().findChild("/shop");
        PersistentManager manager = (PersistentManager) context.getManager();
        int port = tomcat.getConnector().getLocalPort();

        String shopper = cookie(get(port, "/shop/?format=text/plain&add=coffee", null));
        assertTrue(get(port, "/shop/?format=text/plain&add=tea", shopper).body().contains("visits=2"));
        String visitor = cookie(get(port, "/shop/?format=text/plain", null));
        String stale = cookie(get(port, "/shop/?format=text/plain", null));
        Session session = manager.findSession(id(shopper));
        session.getSession().setAttribute("profile", new Profile("ada", 3));
        session.getSession().setAttribute("coupon", context.getLoader().getClassLoader()
                .loadClass("legacy.extra.Coupon").getConstructor().newInstance());
        Session loggedIn = manager.findSession(id(visitor));
        loggedIn.setAuthType("FORM");
        loggedIn.setPrincipal(new GenericPrincipal("grace", List.of("buyer")));
        long created = session.getCreationTime();
        tomcat.stop(); // PersistentManager saves every session to the store
        tomcat.destroy();
        assertEquals(3, sql("SELECT count(*) FROM " + source + " WHERE app_name = '/Tomcat/localhost/shop'"),
                "Tomcat's store wrote one row per session");
        sql("UPDATE " + source + " SET last_access = 1000 WHERE session_id = '" + id(stale) + "'");

        String[] args = args("import", "--from", "tomcat-jdbc", "--source-url", db.url(),
                "--source-table", source, "--webapp", LegacyFixtures.legacyWar().toString(),
                "--jdbc-url", db.url(), "--app-name", "shop", "--table-name", target);
        LegacyFixtures.Run first = LegacyFixtures.run(args);
        assertEquals(SessiondbCli.FAILED, first.status(), "an attribute was left out: " + first.out());
        assertTrue(first.out().contains("attribute 'coupon' (legacy.extra.Coupon): class not found"), first.out());
        assertTrue(first.out().contains("2 imported, 1 skipped (1 expired), 0 failed; 1 attributes left out"), first.out());

        try (SessionRepository repository = SessionRepository.start(db.config(target, "shop"));
             WebappClassLoader loader = WebappClassLoader.open(LegacyFixtures.legacyWar(), getClass().getClassLoader())) {
            LoadedSession loaded = repository.load(id(shopper), loader).orElseThrow();
            SessionSnapshot s = loaded.session();
            assertFalse(loaded.expired());
            assertEquals(2, s.attributes().get("visits"));
            assertEquals(List.of("coffee", "tea"), LegacyFixtures.cartItems(s.attributes().get("cart")));
            assertEquals(new Profile("ada", 3), s.attributes().get("profile"));
            assertFalse(s.attributes().containsKey("coupon"));
            assertEquals(created, s.createdMs());
            assertEquals(30 * 60_000L, s.maxInactiveMs());
            assertTrue(s.lastAccessedMs() >= created && s.lastAccessedMs() <= System.currentTimeMillis());
            SessionSnapshot visitorSession = repository.load(id(visitor), loader).orElseThrow().session();
            assertEquals(1, visitorSession.attributes().get("visits"));
            assertEquals("grace", visitorSession.principal(), "the persisted principal names the session's user");
            assertEquals("grace", ((Principal) visitorSession.attributes().get(TomcatSessionDecoder.PRINCIPAL_KEY)).getName(),
                    "kept where sessiondb's Tomcat store keeps it");
            assertEquals("FORM", visitorSession.attributes().get(TomcatSessionDecoder.AUTH_TYPE_KEY));
            assertTrue(repository.load(id(stale), loader).isEmpty(), "an expired session is not imported");
            assertEquals(2, repository.count());

            LegacyFixtures.Run second = LegacyFixtures.run(args);
            assertEquals(SessiondbCli.OK, second.status(), second.out() + second.err());
            assertTrue(second.out().contains("0 imported, 3 skipped (2 already in sessiondb, 1 expired), 0 failed"),
                    second.out());
            assertEquals(2, repository.count());
            assertEquals(List.of("coffee", "tea"), LegacyFixtures.cartItems(
                    repository.load(id(shopper), loader).orElseThrow().session().attributes().get("cart")));
        }

        Tomcat switched = sessiondbTomcat(Files.createTempDirectory("mig-tomcat-after"));
        try {
            HttpResponse<String> after = get(switched.getConnector().getLocalPort(), "/shop/?format=text/plain&add=bagel", shopper);
            assertTrue(after.body().contains("visits=3") && after.body().contains("cart=coffee,tea,bagel"),
                    "the old cookie finds its session on Tomcat with sessiondb: " + after.body());
            assertTrue(after.headers().allValues("Set-Cookie").isEmpty(), "no new session");
        } finally {
            switched.stop();
            switched.destroy();
        }
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        createTomcatTable();
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement("INSERT INTO " + source
                + " VALUES ('x', '1', 60, ?, '/Catalina/localhost/shop', ?)")) {
            st.setLong(1, System.currentTimeMillis());
            st.setBytes(2, new byte[] {0});
            st.executeUpdate();
        }
        LegacyFixtures.Run run = LegacyFixtures.run(args("import", "--from", "tomcat-jdbc", "--source-url", db.url(),
                "--source-table", source, "--webapp", LegacyFixtures.legacyWar().toString(), "--dry-run"));
        assertEquals(SessiondbCli.FAILED, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("FAILED  session x: not a session Tomcat can read either"), run.out());
        assertTrue(run.out().contains("dry run, nothing written"), run.out());
        LegacyFixtures.Run json = LegacyFixtures.run(args("import", "--from", "tomcat-jdbc", "--source-url", db.url(),
                "--source-table", source, "--webapp", LegacyFixtures.legacyWar().toString(), "--dry-run", "--json"));
        assertEquals(SessiondbCli.FAILED, json.status(), json.out() + json.err());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertEquals("import", report.get("command").asText());
        assertTrue(report.get("dryRun").asBoolean() && report.get("target").isNull(), report.toString());
        assertEquals(1, report.get("failed").asInt());
        assertEquals("x", report.get("failures").get(0).get("session").asText());
        assertTrue(report.get("failures").get(0).get("reason").asText().startsWith("not a session Tomcat can read either"),
                report.toString());
        try (Connection c = db.connect(); ResultSet rs = c.getMetaData().getTables(null, null, target, null)) {
            assertFalse(rs.next(), "a dry run creates no table");
        }
    }

    @Test
    void dryRunOfAnEmptyTableSucceeds() throws Exception {
        createTomcatTable();
        LegacyFixtures.Run run = LegacyFixtures.run(args("import", "--from", "tomcat-jdbc", "--source-url", db.url(),
                "--source-table", source, "--webapp", LegacyFixtures.legacyWar().toString(), "--dry-run"));
        assertEquals(SessiondbCli.OK, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("dry run, nothing written"), run.out());
    }

    @Test
    void severalWebappsInOneTableNeedSourceApp() throws Exception {
        createTomcatTable();
        sql("INSERT INTO " + source + " VALUES ('a', '1', 60, 1, '/Catalina/localhost/one', NULL),"
                + " ('b', '1', 60, 1, '/Catalina/localhost/two', NULL)");
        LegacyFixtures.Run run = LegacyFixtures.run(args("check", "--from", "tomcat-jdbc", "--source-url", db.url(),
                "--source-table", source, "--webapp", LegacyFixtures.legacyWar().toString()));
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--source-app") && run.err().contains("/Catalina/localhost/two"), run.err());
    }

    private static String[] args(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(COLUMNS);
        return all.toArray(String[]::new);
    }

    /** The same webapp after the switch: PersistentManager + SessiondbStore on the imported table. */
    private Tomcat sessiondbTomcat(Path base) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addWebapp("/shop", LegacyFixtures.legacyWar().toString());
        SessiondbStore store = new SessiondbStore();
        store.setJdbcUrl(db.url());
        store.setTableName(target);
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        context.setManager(manager);
        context.getPipeline().addValve(new SessiondbValve());
        tomcat.start();
        return tomcat;
    }

    private Tomcat tomcat(Path base, Path docBase) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.enableNaming();
        Context context = tomcat.addWebapp("/shop", docBase.toString());
        ContextResource resource = new ContextResource();
        resource.setName("jdbc/sessions");
        resource.setType(db.dataSourceClass());
        resource.setProperty("factory", "org.apache.naming.factory.BeanFactory");
        resource.setProperty("url", db.url());
        context.getNamingResources().addResource(resource);
        DataSourceStore store = new DataSourceStore();
        store.setDataSourceName("jdbc/sessions");
        store.setLocalDataSource(true);
        store.setSessionTable(source);
        store.setSessionIdCol("session_id");
        store.setSessionAppCol("app_name");
        store.setSessionDataCol("session_data");
        store.setSessionValidCol("valid_session");
        store.setSessionMaxInactiveCol("max_inactive");
        store.setSessionLastAccessedCol("last_access");
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        manager.setPersistAuthentication(true);
        context.setManager(manager);
        tomcat.start();
        return tomcat;
    }

    /** The table as Tomcat's documentation gives it for DataSourceStore. */
    private void createTomcatTable() throws Exception {
        sql("CREATE TABLE " + source + " (session_id VARCHAR(100) NOT NULL PRIMARY KEY, valid_session CHAR(1) NOT NULL,"
                + " max_inactive INT NOT NULL, last_access BIGINT NOT NULL, app_name VARCHAR(255), session_data " + db.blobType() + ")");
    }

    private long sql(String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            return st.getUpdateCount();
        }
    }

    private static HttpResponse<String> get(int port, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private static String cookie(HttpResponse<String> response) {
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElse(null);
        assertNotNull(cookie, "a new session");
        return cookie;
    }

    private static String id(String cookie) {
        return cookie.substring("JSESSIONID=".length());
    }
}
