package io.sessiondb.spring.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** One browser: keeps the session cookie it was given and sends it to whichever node it asks. */
final class Client {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private volatile String cookie;

    /** @return the body of a 200 answer to GET {@code url} */
    String get(String url) {
        HttpResponse<String> response = send(url);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** @return the answer to GET {@code url}, whatever its status; a session cookie in it is kept */
    HttpResponse<String> send(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        String current = cookie;
        if (current != null) {
            request.header("Cookie", current);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Optional<String> set = response.headers().firstValue("Set-Cookie");
            set.ifPresent(value -> cookie = value.split(";", 2)[0]);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + url, e);
        }
    }

    /** @return the cookie this client sends ({@code name=value}), or {@code null} before the first */
    String cookie() {
        return cookie;
    }
}
