package io.sessiondb.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The real jetty-home 12.1 ({@code java -jar start.jar} in its own JVM) with a fresh JETTY_BASE per run
 * and the bench webapp as {@code /app}: modules {@code http,ee10-deploy} (the default in-memory session
 * cache); Jetty's {@code JDBCSessionDataStore} with {@code session-cache-null} on a HikariCP pool of the
 * same size as sessiondb's (a small module of the bench's own, since jetty-home's
 * {@code session-store-jdbc} opens a connection per operation unless given a JNDI DataSource); or the
 * jetty-base zip with the modules and {@code start.d/sessiondb.ini} lines of docs/jetty.md.
 */
final class JettyDistribution implements Container {

    private final BenchDatabase db;
    private final Path home;
    private final Path baseZip;
    private final Path docs;
    private final Path work;

    JettyDistribution(BenchDatabase db, Path home, Path baseZip, Path docs, Path work) {
        this.db = db;
        this.home = home;
        this.baseZip = baseZip;
        this.docs = docs;
        this.work = work;
    }

    @Override
    public String name() {
        return "Jetty distribution";
    }

    @Override
    public String stockName() {
        return "JDBCSessionDataStore";
    }

    @Override
    public Running start(Setup setup) throws Exception {
        Path base = Files.createTempDirectory(work, "jetty-base-");
        String modules = switch (setup) {
            case IN_MEMORY -> "http,ee10-deploy";
            case STOCK -> "http,ee10-deploy,session-cache-null,bench-session-store-jdbc";
            case SESSIONDB -> Documented.jettyModules(docs);
        };
        if (setup == Setup.SESSIONDB) {
            unzip(base, name -> true);
        } else if (setup == Setup.STOCK) {
            unzip(base, name -> name.contains("HikariCP") || name.contains("postgresql"));
            writeStockModule(base);
        }
        run(base, base.resolve("add-modules.log"), "--add-modules=" + modules).waitFor(120, TimeUnit.SECONDS);
        if (setup == Setup.SESSIONDB) {
            List<String> lines = new ArrayList<>();
            for (String line : Documented.jettyIni(docs)) {
                lines.add(line.startsWith("sessiondb.jdbcUrl=") ? "sessiondb.jdbcUrl=" + db.url : line);
            }
            lines.add("sessiondb.tableName=" + BenchDatabase.SESSIONDB_TABLE);
            BenchOptions.distributionSettings().forEach((name, value) -> lines.add("sessiondb." + name + "=" + value));
            Files.write(base.resolve("start.d/sessiondb.ini"), lines, StandardOpenOption.APPEND);
        }
        Webapp.write(base.resolve("webapps/app"));
        int port = TomcatDistribution.freePort();
        Path log = base.resolve("jetty.log");
        Process process = run(base, log, "jetty.http.host=127.0.0.1", "jetty.http.port=" + port);
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

    private void writeStockModule(Path base) throws IOException {
        Files.createDirectories(base.resolve("modules"));
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("modules/bench-session-store-jdbc.mod"), """
                [description]
                bench only: Jetty's JDBCSessionDataStore on a HikariCP pool.

                [provides]
                session-store

                [depend]
                sessions

                [lib]
                lib/sessiondb/HikariCP-*.jar
                lib/sessiondb/postgresql-*.jar

                [xml]
                etc/bench-session-store-jdbc.xml
                """);
        Files.writeString(base.resolve("etc/bench-session-store-jdbc.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure id="Server" class="org.eclipse.jetty.server.Server">
                  <Call name="addBean">
                    <Arg>
                      <New class="org.eclipse.jetty.session.JDBCSessionDataStoreFactory">
                        <Set name="databaseAdaptor">
                          <New class="org.eclipse.jetty.session.DatabaseAdaptor">
                            <Set name="datasource">
                              <New class="com.zaxxer.hikari.HikariDataSource">
                                <Set name="jdbcUrl">%s</Set>
                                <Set name="maximumPoolSize">%d</Set>
                              </New>
                            </Set>
                          </New>
                        </Set>
                        <Set name="sessionTableSchema">
                          <New class="org.eclipse.jetty.session.JDBCSessionDataStore$SessionTableSchema">
                            <Set name="tableName">%s</Set>
                          </New>
                        </Set>
                      </New>
                    </Arg>
                  </Call>
                </Configure>
                """.formatted(db.url.replace("&", "&amp;"), db.poolSize, BenchDatabase.JETTY_TABLE));
    }

    private Process run(Path base, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(BenchOptions.DIST_JVM_OPTIONS);
        command.addAll(List.of("-jar", home.resolve("start.jar").toString(), "jetty.home=" + home, "jetty.base=" + base));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void unzip(Path into, java.util.function.Predicate<String> wanted) throws IOException {
        try (InputStream in = Files.newInputStream(baseZip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into) || e.isDirectory() || !wanted.test(e.getName())) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(z, out);
            }
        }
    }
}
