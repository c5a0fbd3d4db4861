package io.sessiondb.cli;

import io.sessiondb.cli.migrate.CheckCommand;
import io.sessiondb.cli.migrate.ImportCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar sessiondb-cli.jar [global options] <command> [options]}: the operator's command line.
 * A thin shell over {@link io.sessiondb.core.admin.SessionAdmin}; see docs/admin.md.
 *
 * <p>Exit codes: {@link #OK}, {@link #FAILED}, {@link #USAGE}, {@link #UNREACHABLE}, {@link #NO_MATCH}.
 */
@Command(name = "sessiondb-cli", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = SessiondbCli.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Operate a sessiondb session table.",
        subcommands = {StatsCommand.class, SessionsCommand.class, RevokeCommand.class, PurgeCommand.class,
            SchemaCommand.class, ImportCommand.class, CheckCommand.class, ReencryptCommand.class, ValuesCommand.class, ServeCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:anything else failed", "2:usage error",
            "3:database unreachable or authentication failed", "4:nothing matched (revoke of an unknown session)"})
public final class SessiondbCli implements Runnable {

    /** Done. */
    public static final int OK = 0;
    /** Anything else went wrong. */
    public static final int FAILED = 1;
    /** Bad command line: picocli's message and the usage. */
    public static final int USAGE = 2;
    /** The database is unreachable or refused the credentials. */
    public static final int UNREACHABLE = 3;
    /** Nothing matched (revoke of an unknown session). */
    public static final int NO_MATCH = 4;

    @Mixin
    private GlobalOptions options;

    private InputStream in = System.in;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line with the process's streams and environment; returns its exit code. */
    public static int run(String... args) {
        return run(System.in, System.out, System.err, System.getenv(), args);
    }

    /**
     * Runs one command line; returns its exit code. Tests call this.
     *
     * @param in  where {@code revoke --all} reads its confirmation
     * @param env the environment ({@code SESSIONDB_JDBC_URL}, {@code SESSIONDB_PASSWORD})
     */
    public static int run(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        quietLogs(Arrays.asList(args).contains("--verbose"));
        SessiondbCli cli = new SessiondbCli();
        cli.in = in;
        CommandLine line = new CommandLine(cli); // injects the options mixin
        cli.options.env(env);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        Failures failures = new Failures(cli.options, errWriter, args);
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(errWriter)
                .setParameterExceptionHandler(failures)
                .setExecutionExceptionHandler(failures);
        return line.execute(args);
    }

    @Override
    public void run() {
        throw new IllegalArgumentException("Missing command");
    }

    /** @return the options given before or after the command */
    public GlobalOptions options() {
        return options;
    }

    /** @return where confirmations are read */
    InputStream in() {
        return in;
    }

    /**
     * The store and its pool log through java.util.logging (HikariCP through SLF4J into it): an unreachable
     * database would print a stack trace where the operator expects one line. Off unless {@code --verbose}.
     */
    private static void quietLogs(boolean verbose) {
        Logger.getLogger("").setLevel(verbose ? Level.INFO : Level.OFF);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SessiondbCli.class.getPackage().getImplementationVersion();
            return new String[] {"sessiondb-cli " + (v == null ? "(development build)" : v)};
        }
    }
}
