package io.sessiondb.migrate;

import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessiondbConfig;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code import}: copies the live sessions of a container's JDBC session table into sessiondb. */
final class ImportCommand {

    /** Environment variable holding the target's idSecret, so that it stays out of the process list. */
    static final String ID_SECRET_ENV = "SESSIONDB_ID_SECRET";

    static final String USAGE = """
            Usage: java -jar sessiondb-demo.jar import --from tomcat-jdbc|jetty-jdbc --source-url URL
                       --webapp WAR_OR_DIR --jdbc-url URL --app-name NAME [options]
                   java -jar sessiondb-demo.jar import --sessions-ser PATH/SESSIONS.ser
                       --webapp WAR_OR_DIR --jdbc-url URL --app-name NAME [options]

            Copies the live (valid, unexpired) sessions of Tomcat's or Jetty's own JDBC session table, or of
            the SESSIONS.ser Tomcat's StandardManager wrote when the webapp stopped, into
            sessiondb's table, keeping each session's id, so the users' cookies keep working, its creation and
            last access times, its max inactive interval and every attribute that can be read. Attributes that
            cannot be read are reported and left out; the rest of their session is imported. A session already
            in sessiondb is skipped, so running it twice is safe. Nothing in the source table is changed.

            Source:
              --sessions-ser PATH    a SESSIONS.ser written by Tomcat's StandardManager, instead of --from
            """ + SourceOptions.USAGE + """

            Target (the sessiondb config the webapp will run with):
              --jdbc-url URL         sessiondb's database, with user and password in it if needed
              --app-name NAME        sessiondb's appName for the webapp (the adapters default it to the context
                                     name without the slash: shop, or ROOT for the root context)
              --table-name T         sessiondb's tableName (default sessiondb_sessions); created if missing
              --id-secret S          sessiondb's idSecret, if the webapp sets one (better: $SESSIONDB_ID_SECRET)
              --dry-run              read and check everything, write nothing

            Exit status: 0 all imported, 1 a session failed or an attribute was left out, 2 wrong options.
            """;

    private static final Set<String> OPTIONS = options();

    private ImportCommand() {
    }

    static int run(List<String> args, PrintStream out) throws IOException, SQLException {
        CommandLine line = CommandLine.parse(args, OPTIONS, Set.of("--dry-run"));
        String file = line.optional("--sessions-ser");
        if (file == null) {
            SourceOptions.from(line);
        } else if (line.optional("--from") != null) {
            throw new IllegalArgumentException("give either --sessions-ser or --from, not both");
        }
        boolean dryRun = line.flag("--dry-run");
        int maxSessionBytes = line.positiveInt("--max-session-bytes", SessiondbConfig.DEFAULT_MAX_SESSION_BYTES);
        ObjectInputFilter filter = SourceOptions.filter(line);
        SessiondbConfig config = dryRun ? null : target(line, maxSessionBytes);
        MigrationReport report = new MigrationReport(out);
        try (WebappClassLoader loader = MigrationCommand.webapp(line)) {
            LegacySource source = file != null ? new SessionsSerFile(Path.of(file), loader, filter)
                    : SourceOptions.jdbc(line, loader, filter);
            SessionSizer sizer = new SessionSizer(maxSessionBytes);
            if (dryRun) {
                source.read(new Importer(null, loader, sizer, report));
            } else {
                try (SessionRepository repository = SessionRepository.start(config)) {
                    source.read(new Importer(repository, loader, sizer, report));
                }
            }
            report.line("sessiondb import from " + source.describe() + (dryRun ? " (dry run, nothing written)" : "")
                    + (config == null ? "" : " into " + config.getTableName() + " (app " + config.getAppName() + ")"));
        }
        report.line("  " + report.summary(dryRun ? "to import" : "imported", "attributes left out"));
        return report.failed() > 0 || report.problems() > 0 ? MigrationCommand.INCOMPLETE : MigrationCommand.OK;
    }

    private static SessiondbConfig target(CommandLine line, int maxSessionBytes) {
        SessiondbConfig config = new SessiondbConfig();
        String url = line.required("--jdbc-url", "jdbc:postgresql://db:5432/app?user=app&password=secret");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--jdbc-url takes a JDBC URL, e.g. jdbc:postgresql://db:5432/app");
        }
        config.setJdbcUrl(url);
        config.setAppName(line.required("--app-name", "shop"));
        String table = line.optional("--table-name");
        if (table != null) {
            config.setTableName(table);
        }
        String secret = line.optional("--id-secret");
        config.setIdSecret(secret != null ? secret : System.getenv(ID_SECRET_ENV));
        config.setMaxSessionBytes(maxSessionBytes);
        String filter = line.optional("--serial-filter");
        if (filter != null) {
            config.setSerialFilter(filter);
        }
        config.setNodeName("sessiondb-import");
        config.setMaxPoolSize(2);
        return config;
    }

    private static Set<String> options() {
        Set<String> options = new HashSet<>(SourceOptions.OPTIONS);
        options.addAll(Set.of("--sessions-ser", "--jdbc-url", "--app-name", "--table-name", "--id-secret"));
        return Set.copyOf(options);
    }
}
