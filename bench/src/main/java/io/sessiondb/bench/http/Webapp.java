package io.sessiondb.bench.http;

import io.sessiondb.bench.webapp.BenchServlet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Lays out the bench webapp for a distribution: BenchServlet's classes in WEB-INF/classes and a web.xml. */
final class Webapp {

    private static final List<String> CLASSES = List.of("BenchServlet", "BenchServlet$Profile");

    private Webapp() {
    }

    static void write(Path app) throws IOException {
        Path classes = app.resolve("WEB-INF/classes/io/sessiondb/bench/webapp");
        Files.createDirectories(classes);
        for (String name : CLASSES) {
            try (InputStream in = BenchServlet.class.getResourceAsStream(name + ".class")) {
                Files.write(classes.resolve(name + ".class"), in.readAllBytes());
            }
        }
        Files.writeString(app.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <servlet><servlet-name>bench</servlet-name><servlet-class>io.sessiondb.bench.webapp.BenchServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>bench</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                </web-app>
                """);
    }
}
