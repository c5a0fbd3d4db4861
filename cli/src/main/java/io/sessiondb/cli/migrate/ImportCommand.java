package io.sessiondb.cli.migrate;

import io.sessiondb.cli.GlobalOptions;
import io.sessiondb.cli.Output;
import io.sessiondb.cli.SessiondbCli;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessiondbConfig;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code import}: copies the live sessions of a container's JDBC session table, or of a SESSIONS.ser, into sessiondb. */
@Command(name = "import", sortOptions = false,
        header = "Copy the live sessions of Tomcat's or Jetty's JDBC session table, or of a SESSIONS.ser, into sessiondb.",
        synopsisHeading = "", // the lines below carry "Usage: " (picocli would print it twice)
        customSynopsis = {
            "Usage: sessiondb-cli import --from tomcat-jdbc|jetty-jdbc --source-url URL",
            "                            --webapp WAR_OR_DIR --jdbc-url URL --app-name NAME",
            "                            [options]",
            "       sessiondb-cli import --sessions-ser PATH/SESSIONS.ser --webapp WAR_OR_DIR",
            "                            --jdbc-url URL --app-name NAME [options]"},
        description = {"",
            "Copies the live (valid, unexpired) sessions of Tomcat's or Jetty's own JDBC session table, or of the"
                + " SESSIONS.ser Tomcat's StandardManager wrote when the webapp stopped, into sessiondb's table,"
                + " keeping each session's id, so the users' cookies keep working, its creation and last access times,"
                + " its max inactive interval and every attribute that can be read. Attributes that cannot be read are"
                + " reported and left out; the rest of their session is imported. A session already in sessiondb is"
                + " skipped, so running it twice is safe. Nothing in the source is changed.",
            "",
            "The target is --jdbc-url (with --username, --password), the webapp's appName and the table"
                + " (--table-name or --table, default sessiondb_sessions; created if missing).",
            ""},
        footer = {"", "Exit status: 0 all imported, 1 a session failed or an attribute was left out, 2 wrong options,"
            + " 3 a database unreachable."})
public final class ImportCommand implements Callable<Integer> {

    /** Environment variable holding the target's idSecret, so that it stays out of the process list. */
    public static final String ID_SECRET_ENV = "SESSIONDB_ID_SECRET";

    @ParentCommand
    private SessiondbCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private SourceOptions source;

    @Option(names = "--app-name", paramLabel = "NAME", description = "sessiondb's appName for the webapp (the adapters"
            + " default it to the context name without the slash: shop, or ROOT for the root context); or --app")
    private String appName;

    @Option(names = "--table-name", paramLabel = "T", description = "sessiondb's tableName (default: --table,"
            + " sessiondb_sessions); created if missing")
    private String tableName;

    @Option(names = "--id-secret", paramLabel = "S", description = "sessiondb's idSecret, if the webapp sets one"
            + " (better: $" + ID_SECRET_ENV + ")")
    private String idSecret;

    @Option(names = "--dry-run", description = "read and check everything, write nothing")
    private boolean dryRun;

    @Override
    public Integer call() throws IOException {
        source.checkSource();
        GlobalOptions options = cli.options();
        int maxSessionBytes = source.maxSessionBytes();
        ObjectInputFilter filter = source.filter();
        SessiondbConfig config = dryRun ? null : target(options, maxSessionBytes);
        MigrationReport report = new MigrationReport(options.json() ? null : spec.commandLine().getOut());
        String from;
        try (WebappClassLoader loader = source.webapp()) {
            LegacySource legacy = source.source(loader, filter);
            SessionSizer sizer = new SessionSizer(maxSessionBytes);
            if (dryRun) {
                source.read(legacy, new Importer(null, loader, sizer, report));
            } else {
                try (SessionRepository repository = SessionRepository.start(config)) {
                    source.read(legacy, new Importer(repository, loader, sizer, report));
                }
            }
            from = legacy.describe();
        }
        String into = config == null ? null : config.getTableName() + " (app " + config.getAppName() + ")";
        if (options.json()) {
            new Output(spec, true).printJson(report.json("import", from, into, dryRun));
        } else {
            report.line("sessiondb import from " + from + (dryRun ? " (dry run, nothing written)" : "")
                    + (into == null ? "" : " into " + into));
            report.line("  " + report.summary(dryRun ? "to import" : "imported", "attributes left out"));
            spec.commandLine().getOut().flush();
        }
        return report.failed() > 0 || report.problems() > 0 ? SessiondbCli.FAILED : SessiondbCli.OK;
    }

    private SessiondbConfig target(GlobalOptions options, int maxSessionBytes) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(options.jdbcUrl());
        config.setUsername(options.username());
        config.setPassword(options.password());
        String app = appName != null ? appName : options.app();
        if (app == null || app.isBlank()) {
            throw new IllegalArgumentException("--app-name is required, e.g. --app-name shop");
        }
        config.setAppName(app);
        String table = tableName != null ? tableName : options.tableOrNull();
        if (table != null) {
            try {
                config.setTableName(table);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--table-name: " + e.getMessage(), e);
            }
        }
        String secret = idSecret != null ? idSecret : System.getenv(ID_SECRET_ENV);
        config.setIdSecret(secret);
        config.setMaxSessionBytes(maxSessionBytes);
        if (source.serialFilter != null) {
            config.setSerialFilter(source.serialFilter);
        }
        config.setNodeName("sessiondb-import");
        config.setMaxPoolSize(2);
        return config;
    }
}
