package io.sessiondb.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.cli.SessiondbCli;
import io.sessiondb.cli.migrate.testapp.Profile;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/**
 * {@code check} on the SESSIONS.ser that Tomcat's StandardManager writes when an embedded Tomcat
 * stops: one session holding a good attribute, a too large one, one whose class the next version of
 * the webapp lost and one Tomcat could not serialize; another session with nothing wrong.
 */
class MigrationCheckSessionsSerIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void checkReportsWhatWillNotSurvive() throws Exception {
        Path base = Files.createTempDirectory("mig-check");
        Path docBase = LegacyFixtures.explode(LegacyFixtures.legacyWar(), base.resolve("shop"));
        LegacyFixtures.compileCoupon(docBase);
        Tomcat tomcat = tomcat(base, docBase);
        Context context = (Context) tomcat.getHost().findChild("/shop");
        int port = tomcat.getConnector().getLocalPort();
        String troubled = sessionId(get(port, "/shop/?format=text/plain&add=coffee"));
        String fine = sessionId(get(port, "/shop/?format=text/plain&add=tea"));
        Session session = context.getManager().findSession(troubled);
        session.getSession().setAttribute("profile", new Profile("ada", 3));
        session.getSession().setAttribute("big", new byte[2 * 1024 * 1024]);
        session.getSession().setAttribute("coupon", context.getLoader().getClassLoader()
                .loadClass("legacy.extra.Coupon").getConstructor().newInstance());
        Path ser = stop(tomcat, base);

        LegacyFixtures.Run run = LegacyFixtures.run("check", "--sessions-ser", ser.toString(),
                "--webapp", LegacyFixtures.legacyWar().toString(), "--max-session-bytes", "1048576");
        assertEquals(SessiondbCli.FAILED, run.status(), run.out() + run.err());
        String prefix = "session " + troubled.substring(0, 8) + "... attribute ";
        assertTrue(run.out().contains(prefix + "'coupon' (legacy.extra.Coupon): class not found in the webapp"), run.out());
        assertTrue(run.out().contains(prefix + "'big' ([B): larger than maxSessionBytes"), run.out());
        assertFalse(run.out().contains("'profile'") || run.out().contains("'cart'") || run.out().contains(fine.substring(0, 8)),
                run.out());
        assertTrue(run.out().contains("2 sessions read, 0 skipped, 0 failed; 2 attributes will not survive in 1 session"),
                run.out());

        LegacyFixtures.Run roomy = LegacyFixtures.run("check", "--sessions-ser", ser.toString(),
                "--webapp", docBase.toString());
        assertEquals(SessiondbCli.OK, roomy.status(), "with the webapp that has Coupon and the default 8 MiB,"
                + " everything survives: " + roomy.out());
        assertTrue(roomy.out().contains("2 sessions read, 0 skipped, 0 failed; 0 attributes will not survive"), roomy.out());

        String table = TestDatabase.uniqueTable("mig_ser_dst");
        try {
            LegacyFixtures.Run imported = LegacyFixtures.run("import", "--sessions-ser", ser.toString(),
                    "--webapp", LegacyFixtures.legacyWar().toString(), "--jdbc-url", TestDatabase.PG_URL,
                    "--app-name", "shop", "--table-name", table);
            assertTrue(imported.out().contains("2 imported, 0 skipped, 0 failed; 1 attributes left out in 1 session"),
                    imported.out());
            try (SessionRepository repository = SessionRepository.start(TestDatabase.postgresConfig(table, "shop"));
                 WebappClassLoader loader = WebappClassLoader.open(LegacyFixtures.legacyWar(), getClass().getClassLoader())) {
                Map<String, Object> attributes = repository.load(troubled, loader).orElseThrow().session().attributes();
                assertEquals(List.of("coffee"), LegacyFixtures.cartItems(attributes.get("cart")));
                assertEquals(new Profile("ada", 3), attributes.get("profile"));
                assertEquals(2 * 1024 * 1024, ((byte[]) attributes.get("big")).length);
                assertFalse(attributes.containsKey("coupon"));
                assertEquals(List.of("tea"), LegacyFixtures.cartItems(
                        repository.load(fine, loader).orElseThrow().session().attributes().get("cart")));
            }
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void checkReportsAValueTomcatCouldNotSerialize() throws Exception {
        Path base = Files.createTempDirectory("mig-check-ns");
        Path docBase = LegacyFixtures.explode(LegacyFixtures.legacyWar(), base.resolve("shop"));
        Tomcat tomcat = tomcat(base, docBase);
        Context context = (Context) tomcat.getHost().findChild("/shop");
        String id = sessionId(get(tomcat.getConnector().getLocalPort(), "/shop/?format=text/plain"));
        List<Object> holder = new ArrayList<>();
        holder.add(new Object()); // a Serializable list holding something that is not
        context.getManager().findSession(id).getSession().setAttribute("holder", holder);
        Path ser = stop(tomcat, base);

        LegacyFixtures.Run run = LegacyFixtures.run("check", "--sessions-ser", ser.toString(),
                "--webapp", docBase.toString());
        assertEquals(SessiondbCli.FAILED, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("session " + id.substring(0, 8) + "... attribute 'holder' (java.lang.Object):"
                + " not serializable"), run.out());
    }

    /** An embedded Tomcat serving {@code docBase} at /shop with a StandardManager that persists across restarts. */
    private static Tomcat tomcat(Path base, Path docBase) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addWebapp("/shop", docBase.toString());
        StandardManager manager = new StandardManager();
        manager.setPathname("SESSIONS.ser"); // <Manager pathname="SESSIONS.ser"/>; recent Tomcats default to none
        context.setManager(manager);
        tomcat.start();
        return tomcat;
    }

    /** Stops Tomcat, which makes StandardManager write SESSIONS.ser, and returns a copy of it. */
    private static Path stop(Tomcat tomcat, Path base) throws Exception {
        tomcat.stop();
        Path written = base.resolve("work/Tomcat/localhost/shop/SESSIONS.ser");
        assertTrue(Files.isRegularFile(written), "StandardManager wrote " + written);
        Path copy = Files.copy(written, base.resolve("SESSIONS.ser")); // destroy() deletes the work directory
        tomcat.destroy();
        return copy;
    }

    @Test
    void checkNeedsASource() {
        LegacyFixtures.Run run = LegacyFixtures.run("check", "--webapp", ".");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--sessions-ser PATH or --from"), run.err());
    }

    private static String sessionId(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';')))
                .findFirst().orElseThrow();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }
}
