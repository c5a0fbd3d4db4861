package io.sessiondb.cli.console;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sessiondb.core.LogText;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.admin.SessionStatistics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Every request of the console: authentication first (every path), then the security headers, then the
 * route. {@code GET /}, {@code GET /sessions}, {@code POST /revoke}, {@code GET /metrics} and the two
 * static files; anything else is 404, a wrong method 405.
 */
final class ConsoleHandler extends Handler.Abstract {

    private static final System.Logger LOG = System.getLogger(ConsoleHandler.class.getName());

    /** Sessions per page of the sessions list. */
    static final int PAGE_SIZE = 50;

    private final SessionAdmin admin;
    private final BasicAuth auth;
    private final CsrfTokens csrf;
    private final PrometheusScrapeHandler metrics;
    private final byte[] css = resource("console.css");
    private final byte[] js = resource("console.js");

    /**
     * @param admin      what the pages show and the revokes call
     * @param auth       the credentials, or {@code null} when the console runs without authentication
     * @param statistics the statistics by app, cached, for {@code /metrics}
     */
    ConsoleHandler(SessionAdmin admin, BasicAuth auth, Supplier<Map<String, SessionStatistics>> statistics) {
        this.admin = admin;
        this.auth = auth;
        this.csrf = new CsrfTokens();
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new ClusterMetrics(statistics));
        // the client's defaults, not a prometheus.properties that happens to be on the class path
        this.metrics = new PrometheusScrapeHandler(PrometheusProperties.builder().build(), registry);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        securityHeaders(response);
        if (auth == null && !isLoopbackName(request.getHttpURI().getHost())) {
            // Without a password only the loopback names may reach it: a web page whose domain is rebound
            // to 127.0.0.1 (DNS rebinding) would otherwise read the console as its own origin.
            send(response, callback, HttpStatus.FORBIDDEN_403, "text/plain; charset=utf-8",
                    "Without authentication the console answers only to http://127.0.0.1, [::1] or localhost\n");
            return true;
        }
        String user = auth == null ? "" : auth.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (user == null) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BasicAuth.CHALLENGE);
            send(response, callback, HttpStatus.UNAUTHORIZED_401, "text/plain; charset=utf-8", "Authentication required\n");
            return true;
        }
        String path = Request.getPathInContext(request);
        boolean post = HttpMethod.POST.is(request.getMethod());
        boolean get = HttpMethod.GET.is(request.getMethod());
        try {
            switch (path) {
                case "/" -> requireThen(get, response, callback, () -> overview(request, response, callback));
                case "/sessions" -> requireThen(get, response, callback, () -> sessions(request, response, callback, user));
                case "/revoke" -> requireThen(post, response, callback, () -> revoke(request, response, callback, user));
                case "/metrics" -> requireThen(get, response, callback, () -> metrics(request, response, callback));
                case "/console.css" -> requireThen(get, response, callback,
                        () -> send(response, callback, 200, "text/css; charset=utf-8", css));
                case "/console.js" -> requireThen(get, response, callback,
                        () -> send(response, callback, 200, "text/javascript; charset=utf-8", js));
                default -> page(response, callback, HttpStatus.NOT_FOUND_404, "Not found", "There is no such page.");
            }
        } catch (SessionStoreException e) {
            LOG.log(Level.WARNING, "console: " + LogText.of(path) + " failed: the database failed", e);
            page(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "Database unavailable",
                    "The session database did not answer. See the log of sessiondb-cli serve.");
        } catch (IllegalArgumentException e) {
            page(response, callback, HttpStatus.BAD_REQUEST_400, "Bad request", e.getMessage());
        } catch (RuntimeException e) {
            // Never Jetty's error page: its title would carry the exception's message (SQL, class names).
            LOG.log(Level.ERROR, "console: " + LogText.of(path) + " failed", e);
            page(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "Error",
                    "The console failed. See the log of sessiondb-cli serve.");
        }
        return true;
    }

    private interface Action {
        void run() throws Exception;
    }

    private void requireThen(boolean methodAllowed, Response response, Callback callback, Action action) throws Exception {
        if (methodAllowed) {
            action.run();
        } else {
            page(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "Method not allowed",
                    "Pages are read with GET; revoking is a POST from a page's form.");
        }
    }

    private void overview(Request request, Response response, Callback callback) {
        String app = Request.extractQueryParameters(request).getValue("app");
        app = app == null || app.isBlank() ? null : app;
        sendPage(response, callback, OverviewPage.render(admin.apps(), app, admin.statistics(app)));
    }

    private void sessions(Request request, Response response, Callback callback, String user) {
        Fields query = Request.extractQueryParameters(request);
        SessionFilter filter = SessionFilter.from(query::getValue);
        if (!filter.isSearch()) {
            sendPage(response, callback, SessionsPage.renderForm(filter));
            return;
        }
        sendPage(response, callback, SessionsPage.render(filter, admin.sessions(filter.query(PAGE_SIZE)),
                revokedCount(query.getValue("revoked")), csrf.tokenFor(user)));
    }

    private void revoke(Request request, Response response, Callback callback, String user) throws Exception {
        Fields form = FormFields.getFields(request);
        if (!csrf.isValid(user, form.getValue("csrf"))) {
            page(response, callback, HttpStatus.FORBIDDEN_403, "Forbidden",
                    "This form has no valid CSRF token (a page of an earlier serve process, or not from this console). "
                            + "Nothing was revoked. Reload the page and try again.");
            return;
        }
        SessionFilter filter = SessionFilter.from(form::getValue).firstPage();
        int revoked = RevokeAction.run(admin, filter, form.getValue("session"), "true".equals(form.getValue("all")));
        String back = filter.isSearch() ? filter.url() + "&revoked=" + revoked : "sessions";
        response.getHeaders().put(HttpHeader.LOCATION, back);
        send(response, callback, HttpStatus.SEE_OTHER_303, "text/plain; charset=utf-8", "Revoked " + revoked + "\n");
    }

    private void metrics(Request request, Response response, Callback callback) throws IOException {
        ScrapeExchange exchange = new ScrapeExchange(request);
        metrics.handleRequest(exchange);
        exchange.send(response, callback);
    }

    private static int revokedCount(String value) {
        try {
            return value == null ? -1 : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isLoopbackName(String host) {
        return "127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host) || "[::1]".equals(host) || "::1".equals(host);
    }

    private static void securityHeaders(Response response) {
        response.getHeaders().put("Content-Security-Policy",
                "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    private static void page(Response response, Callback callback, int status, String title, String message) {
        send(response, callback, status, "text/html; charset=utf-8",
                Html.page(title, "<h1>" + Html.text(title) + "</h1>\n<p>" + Html.text(message) + "</p>\n"));
    }

    private static void sendPage(Response response, Callback callback, String html) {
        send(response, callback, HttpStatus.OK_200, "text/html; charset=utf-8", html);
    }

    private static void send(Response response, Callback callback, int status, String contentType, String body) {
        send(response, callback, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("console resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
