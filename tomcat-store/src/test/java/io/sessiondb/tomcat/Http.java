package io.sessiondb.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client that sends the session cookie by hand and reports the one the server sets. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** One response: status, body, the JSESSIONID the server set (if any) and Retry-After. */
    record Reply(int status, String body, String setSessionId, String retryAfter, String location) {

        /** @return the session id set, or fails the test when none was */
        String sessionId() {
            if (setSessionId == null) {
                throw new AssertionError("no JSESSIONID cookie set; status " + status + ", body " + body);
            }
            return setSessionId;
        }
    }

    private Http() {
    }

    static Reply get(URI uri, String sessionId) {
        return getWithCookieHeader(uri, sessionId == null ? null : "JSESSIONID=" + sessionId);
    }

    /** POSTs a form. */
    static Reply postForm(URI uri, String sessionId, String form) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), "JSESSIONID=" + sessionId);
    }

    /**
     * Sends a GET and returns as soon as the first line of the body arrived, as a client streaming the
     * response does; the rest of the body is read by another thread.
     *
     * @return the status, the first line as the body, and the session cookie set
     */
    static Reply firstLine(URI uri, String sessionId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (sessionId != null) {
            request.header("Cookie", "JSESSIONID=" + sessionId);
        }
        try {
            HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            InputStream body = response.body();
            StringBuilder line = new StringBuilder();
            for (int c = body.read(); c != -1 && c != '\n'; c = body.read()) {
                line.append((char) c);
            }
            Thread drain = new Thread(() -> {
                try (InputStream rest = body) {
                    rest.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the test has what it needs: the first line
                }
            });
            drain.setDaemon(true);
            drain.start();
            return new Reply(response.statusCode(), line.toString(), sessionCookie(response),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** GETs {@code uri} as a client with this {@code User-Agent} seen through a proxy sending {@code X-Forwarded-For}. */
    static Reply getAs(URI uri, String sessionId, String userAgent, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                .header("User-Agent", userAgent).header("X-Forwarded-For", forwardedFor);
        return send(request, sessionId == null ? null : "JSESSIONID=" + sessionId);
    }

    static Reply getWithCookieHeader(URI uri, String cookieHeader) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET(), cookieHeader);
    }

    private static Reply send(HttpRequest.Builder request, String cookieHeader) {
        if (cookieHeader != null) {
            request.header("Cookie", cookieHeader);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), sessionCookie(response),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new AssertionError(request.build().method() + " " + request.build().uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String sessionCookie(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String first = header.split(";", 2)[0].trim();
            if (first.startsWith("JSESSIONID=")) {
                return first.substring("JSESSIONID=".length());
            }
        }
        return null;
    }
}
