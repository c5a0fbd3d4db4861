package io.sessiondb.cli.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** java.net.http against a running console, with or without the admin's credentials. Follows no redirects. */
final class ConsoleClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;
    private final String authorization;

    /** @param password the admin password, or {@code null} to send no credentials */
    ConsoleClient(int port, String password) {
        this.port = port;
        this.authorization = password == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs with extra request headers ({@code headers}: name, value pairs); the body as bytes. */
    HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
        return http.send(request(pathAndQuery).headers(headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POSTs a form; {@code fields} are name, value pairs (values URL-encoded here). */
    HttpResponse<String> post(String path, String... fields) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(fields[i]).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the CSRF token in a page's forms */
    static String csrfToken(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token in the page: " + html);
        }
        return m.group(1);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }
}
