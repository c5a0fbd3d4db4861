package io.sessiondb.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Creates sessions through the webapp's {@code /init} and writes their cookies, one a line, for wrk. */
final class SessionCookies {

    private SessionCookies() {
    }

    static Path create(String baseUrl, int count, boolean big, Path file) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> cookies = new ArrayList<>();
        URI init = URI.create(baseUrl + "/init" + (big ? "?big=1" : ""));
        for (int i = 0; i < count; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(init).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                    .map(c -> c.split(";", 2)[0]).findFirst()
                    .orElseThrow(() -> new IOException(init + " answered " + r.statusCode() + " without a session cookie"));
            if (r.statusCode() != 200) {
                throw new IOException(init + " answered " + r.statusCode());
            }
            cookies.add(cookie);
        }
        Files.write(file, cookies);
        return file;
    }
}
