package io.sessiondb.bench.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Tomcat 11 distribution ({@code catalina.sh run} in its own JVM) with a fresh CATALINA_BASE per
 * run: the distribution's conf, a free port, the drop-in {@code sessiondb-tomcat-<v>-all.jar} in lib (also
 * the PostgreSQL driver the stock store's pool loads), and the bench webapp as {@code /app} whose
 * META-INF/context.xml is: empty (StandardManager); Tomcat's DataSourceStore + PersistentValve on a
 * container DBCP pool; or the non-sticky context.xml of docs/tomcat.md.
 */
final class TomcatDistribution implements Container {

    private final BenchDatabase db;
    private final Path home;
    private final Path allJar;
    private final Path docs;
    private final Path work;

    TomcatDistribution(BenchDatabase db, Path home, Path allJar, Path docs, Path work) {
        this.db = db;
        this.home = home;
        this.allJar = allJar;
        this.docs = docs;
        this.work = work;
    }

    @Override
    public String name() {
        return "Tomcat distribution";
    }

    @Override
    public String stockName() {
        return "DataSourceStore";
    }

    @Override
    public Running start(Setup setup) throws Exception {
        Path base = Files.createTempDirectory(work, "catalina-base-");
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "work", "lib")) {
            Files.createDirectories(base.resolve(dir));
        }
        Files.copy(allJar, base.resolve("lib").resolve(allJar.getFileName()));
        int port = freePort();
        Path serverXml = base.resolve("conf/server.xml");
        Files.writeString(serverXml, Files.readString(serverXml)
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" maxKeepAliveRequests=\"-1\" port=\"" + port + "\""));
        Path app = base.resolve("webapps/app");
        Webapp.write(app);
        Files.createDirectories(app.resolve("META-INF"));
        Files.writeString(app.resolve("META-INF/context.xml"), contextXml(setup));
        if (setup == Setup.STOCK) {
            db.createTomcatTable();
        }
        Path log = base.resolve("logs/catalina.out");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("CATALINA_PID", base.resolve("catalina.pid").toString());
        pb.environment().put("CATALINA_OPTS", String.join(" ", BenchOptions.DIST_JVM_OPTIONS));
        Process process = pb.start();
        String url = "http://127.0.0.1:" + port + "/app";
        Processes.awaitHttp(process, url + "/peek", log, 120);
        return new Running() {
            @Override
            public String baseUrl() {
                return url;
            }

            @Override
            public void close() throws Exception {
                Processes.stop(process);
                db.dropAll();
            }
        };
    }

    private String contextXml(Setup setup) throws IOException {
        return switch (setup) {
            case IN_MEMORY -> "<Context>\n  <Manager pathname=\"\"/>\n</Context>\n";
            case SESSIONDB -> {
                String xml = Documented.tomcatContextXml(docs, db.url, BenchDatabase.SESSIONDB_TABLE);
                for (Map.Entry<String, String> s : BenchOptions.distributionSettings().entrySet()) {
                    xml = xml.replace("tableName=\"", s.getKey() + "=\"" + s.getValue() + "\" tableName=\"");
                }
                yield xml;
            }
            case STOCK -> """
                    <Context>
                      <Resource name="jdbc/sessions" auth="Container" type="javax.sql.DataSource"
                                driverClassName="org.postgresql.Driver" url="%s" username="bench" password=""
                                maxTotal="%d" maxIdle="%d"/>
                      <Manager className="org.apache.catalina.session.PersistentManager" processExpiresFrequency="1" maxIdleBackup="0">
                        <Store className="org.apache.catalina.session.DataSourceStore" dataSourceName="jdbc/sessions"
                               localDataSource="true" sessionTable="%s"/>
                      </Manager>
                      <Valve className="org.apache.catalina.valves.PersistentValve"/>
                    </Context>
                    """.formatted(db.url.replace("&", "&amp;"), db.poolSize, db.poolSize, BenchDatabase.TOMCAT_TABLE);
        };
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
