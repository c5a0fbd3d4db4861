package io.sessiondb.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The sessiondb demo: two Tomcat nodes on localhost serving the unchanged legacy webapp, sharing
 * their sessions through one database (an SQLite file by default).
 */
public final class Demo {

    static final String DEFAULT_DB = "jdbc:sqlite:sessiondb-demo.db";
    static final String DB_ENV = "SESSIONDB_DB";

    private static final String USAGE = """
            Usage: java -jar sessiondb-demo.jar [--ports A,B] [--db JDBC_URL]

            Starts two Tomcat nodes on localhost that serve the same legacy webapp (which knows nothing
            of sessiondb) and keep its sessions in one database. Open both in a browser: one session.
            Stop with Ctrl-C; start again and the sessions are still there.

              --ports A,B     the two HTTP ports (default 8081,8082)
              --db JDBC_URL   the session database (default: $SESSIONDB_DB, else jdbc:sqlite:sessiondb-demo.db,
                              a file in the current directory). Also jdbc:postgresql://... or jdbc:mariadb://...;
                              put the user and password in the URL.
              --help          this text

            Moving an existing webapp, and operating the session table: java -jar sessiondb-cli.jar
            (cli/target/sessiondb-cli.jar; import, check, stats, sessions, revoke; see docs/admin.md).
            """;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, System.getenv(DB_ENV));
        } catch (IllegalArgumentException e) {
            System.err.println("sessiondb demo: " + e.getMessage());
            System.err.println();
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        run(options);
    }

    private static void run(DemoOptions options) throws Exception {
        Path work = Files.createTempDirectory("sessiondb-demo");
        Path war = extractWar(work);
        List<DemoNode> nodes = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("sessiondb demo: stopping");
            nodes.forEach(DemoNode::stop);
            stopped.countDown();
        }, "sessiondb-demo-stop"));
        try {
            for (int i = 0; i < options.ports().size(); i++) {
                nodes.add(DemoNode.start("node-" + (i + 1), options.ports().get(i), war, options.db(), work));
            }
        } catch (Exception e) {
            System.err.println("sessiondb demo: could not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println();
        System.out.println("sessiondb demo: sessions in " + redact(options.db()));
        for (int i = 0; i < nodes.size(); i++) {
            System.out.println("  node " + (i + 1) + ": http://localhost:" + options.ports().get(i) + "/");
        }
        System.out.println("Open both in a browser: one session. Ctrl-C stops the demo.");
        stopped.await();
    }

    private static Path extractWar(Path work) throws IOException {
        Path war = work.resolve("legacy-webapp.war");
        try (InputStream in = Demo.class.getResourceAsStream("legacy-webapp.war")) {
            if (in == null) {
                throw new IllegalStateException("legacy-webapp.war is missing from the demo jar; rebuild with mvn package");
            }
            Files.copy(in, war, StandardCopyOption.REPLACE_EXISTING);
        }
        return war;
    }

    /** @return the URL without its query string, where a password may be */
    static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }
}
