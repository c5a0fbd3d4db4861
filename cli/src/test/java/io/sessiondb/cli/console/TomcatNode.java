package io.sessiondb.cli.console;

import io.sessiondb.tomcat.SessiondbStore;
import io.sessiondb.tomcat.SessiondbValve;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;

/**
 * A real embedded Tomcat node, non-sticky (PersistentManager + SessiondbStore + SessiondbValve), whose
 * webapp logs users in: {@code /login?user=U} stores the principal attribute {@value #PRINCIPAL_ATTRIBUTE}
 * and a cart whose value must never show in the console; {@code /whoami} answers "user=U" or "no session".
 */
public final class TomcatNode implements AutoCloseable {

    public static final String PRINCIPAL_ATTRIBUTE = "user";
    /** An indexed attribute: {@code /login?user=U&tenant=T} sets it. */
    public static final String TENANT_ATTRIBUTE = "tenant";
    /** Part of every session's cart attribute value. */
    public static final String SECRET_VALUE = "SECRET-CART-VALUE";

    private final Tomcat tomcat;
    private final Path base;
    private final int port;

    private TomcatNode(Tomcat tomcat, Path base, int port) {
        this.tomcat = tomcat;
        this.base = base;
        this.port = port;
    }

    /** Starts a node of {@code app} named {@code node} on the table {@code table} of {@code jdbcUrl}. */
    public static TomcatNode start(String jdbcUrl, String table, String app, String node) throws Exception {
        Path base = Files.createTempDirectory("cli-serve-tomcat-");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", Files.createDirectories(base.resolve("webapp")).toString());
        SessiondbStore store = new SessiondbStore();
        store.setJdbcUrl(jdbcUrl);
        store.setTableName(table);
        store.setAppName(app);
        store.setNodeName(node);
        store.setPrincipalAttribute(PRINCIPAL_ATTRIBUTE);
        store.setIndexedAttributes(TENANT_ATTRIBUTE);
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        context.setManager(manager);
        context.getPipeline().addValve(new SessiondbValve());
        Tomcat.addServlet(context, "app", new LoginServlet());
        context.addServletMappingDecoded("/", "app");
        tomcat.start();
        return new TomcatNode(tomcat, base, connector.getLocalPort());
    }

    /** A browser of this node: its own cookie jar and User-Agent. */
    public Client client(String userAgent) {
        return new Client(userAgent);
    }

    /** One user's browser against the node. */
    public final class Client {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        private final String userAgent;

        private Client(String userAgent) {
            this.userAgent = userAgent;
        }

        /** Logs {@code user} in; returns this client. */
        public Client login(String user) throws Exception {
            return login(user, null);
        }

        /** Logs {@code user} of {@code tenant} (the indexed attribute, or none when null) in; returns this client. */
        public Client login(String user, String tenant) throws Exception {
            String body = get("/login?user=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
                    + (tenant == null ? "" : "&tenant=" + java.net.URLEncoder.encode(tenant, StandardCharsets.UTF_8)));
            if (!body.startsWith("logged in")) {
                throw new AssertionError("login of " + user + " answered " + body);
            }
            return this;
        }

        /** @return "user=U" while the session lives, "no session" once it is gone */
        public String whoami() throws Exception {
            return get("/whoami");
        }

        /** @return the raw session id this client holds (the cookie) */
        public String sessionId() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                    .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no session cookie"));
        }

        /** @return the short id the console shows for this client's session: 16 hex digits of SHA-256(id) */
        public String shortId() throws Exception {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        }

        /** @return the full digest in hex, which must never appear on a page */
        public String fullDigest() throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sessionId().getBytes(StandardCharsets.UTF_8)));
        }

        private String get(String path) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("User-Agent", userAgent).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The webapp: knows nothing of sessiondb. */
    static final class LoginServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            if (request.getRequestURI().equals("/login")) {
                HttpSession session = request.getSession(true);
                String user = request.getParameter("user");
                session.setAttribute(PRINCIPAL_ATTRIBUTE, user);
                session.setAttribute("cart", SECRET_VALUE + "-" + user);
                if (request.getParameter(TENANT_ATTRIBUTE) != null) {
                    session.setAttribute(TENANT_ATTRIBUTE, request.getParameter(TENANT_ATTRIBUTE));
                }
                response.getWriter().print("logged in " + user);
                return;
            }
            HttpSession session = request.getSession(false);
            response.getWriter().print(session == null ? "no session" : "user=" + session.getAttribute(PRINCIPAL_ATTRIBUTE));
        }
    }
}
