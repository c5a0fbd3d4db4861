package io.sessiondb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar sessiondb-cli.jar [global options] <command> [options]}: the operator's command line.
 *
 * <p>Exit codes: {@link #OK}, {@link #FAILED}, {@link #USAGE}, {@link #UNREACHABLE}, {@link #NO_MATCH}.
 */
@Command(name = "sessiondb-cli", mixinStandardHelpOptions = true, versionProvider = SessiondbCli.Version.class,
        description = "Operate a sessiondb session table.",
        subcommands = {CommandLine.HelpCommand.class, ServeCommand.class})
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

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line; returns its exit code. Tests call this. */
    public static int run(String... args) {
        return new CommandLine(new SessiondbCli()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "Missing command");
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
