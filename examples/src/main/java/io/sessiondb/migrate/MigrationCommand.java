package io.sessiondb.migrate;

import io.sessiondb.core.SessionStoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The demo jar's migration commands: {@code import} copies the live sessions of a Tomcat or Jetty
 * JDBC session table into sessiondb; {@code check} reports the attributes that will not survive the
 * move. See docs/migration.md.
 *
 * <p>Exit status: 0 when everything was carried over (import) or nothing will be lost (check),
 * 1 when a session failed or an attribute will not survive, 2 for a wrong command line.
 */
public final class MigrationCommand {

    /** Exit status when all went well. */
    public static final int OK = 0;
    /** Exit status when a session or attribute was not carried over, or will not be. */
    public static final int INCOMPLETE = 1;
    /** Exit status for a wrong command line. */
    public static final int USAGE = 2;

    private MigrationCommand() {
    }

    /** @return whether {@code command} (the first argument) is one of the migration commands */
    public static boolean handles(String command) {
        return "import".equals(command) || "check".equals(command);
    }

    /** Runs the command in {@code args[0]} and exits the JVM with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command in {@code args[0]} with the options after it.
     *
     * @param out where the report goes
     * @param err where usage errors and fatal errors go
     * @return the exit status: {@link #OK}, {@link #INCOMPLETE} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !handles(args[0])) {
            err.println("sessiondb: the commands are import and check");
            return USAGE;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print("import".equals(command) ? ImportCommand.USAGE : CheckCommand.USAGE);
            return OK;
        }
        try {
            return "import".equals(command) ? ImportCommand.run(rest, out) : CheckCommand.run(rest, out);
        } catch (IllegalArgumentException e) {
            err.println("sessiondb " + command + ": " + e.getMessage());
            err.println("Run 'java -jar sessiondb-demo.jar " + command + " --help' for the options.");
            return USAGE;
        } catch (SQLException e) {
            err.println("sessiondb " + command + ": cannot read the source table: " + e.getMessage());
            return INCOMPLETE;
        } catch (NoSuchFileException e) {
            err.println("sessiondb " + command + ": no such file: " + e.getMessage());
            return INCOMPLETE;
        } catch (IOException e) {
            err.println("sessiondb " + command + ": " + e);
            return INCOMPLETE;
        } catch (SessionStoreException | IllegalStateException e) {
            err.println("sessiondb " + command + ": sessiondb: " + e.getMessage());
            return INCOMPLETE;
        }
    }

    /** @return the webapp class loader from {@code --webapp} */
    static WebappClassLoader webapp(CommandLine line) throws IOException {
        String webapp = line.required("--webapp", "target/shop.war");
        return WebappClassLoader.open(Path.of(webapp), MigrationCommand.class.getClassLoader());
    }
}
