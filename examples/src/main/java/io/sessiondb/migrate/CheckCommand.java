package io.sessiondb.migrate;

import io.sessiondb.core.SessiondbConfig;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code check}: reports, per session and attribute, what will not survive in sessiondb, from a
 * {@code SESSIONS.ser} written by Tomcat's StandardManager or from a container's JDBC session table.
 */
final class CheckCommand {

    static final String USAGE = """
            Usage: java -jar sessiondb-demo.jar check --sessions-ser PATH/SESSIONS.ser --webapp WAR_OR_DIR [options]
                   java -jar sessiondb-demo.jar check --from tomcat-jdbc|jetty-jdbc --source-url URL --webapp WAR_OR_DIR [options]

            Reads the sessions a container saved and reports, per session and attribute, what will not survive
            in sessiondb: values the container could not serialize, classes not found in the webapp, stored
            bytes that cannot be read, and sessions or values larger than maxSessionBytes. Writes nothing.

              --sessions-ser PATH    the file Tomcat's StandardManager writes when the webapp stops, e.g.
                                     $CATALINA_BASE/work/Catalina/localhost/shop/SESSIONS.ser (copy it first:
                                     Tomcat deletes it when the webapp starts again)
            """ + SourceOptions.USAGE + """

            Exit status: 0 nothing will be lost, 1 something will, 2 wrong options.
            """;

    private CheckCommand() {
    }

    static int run(List<String> args, PrintStream out) throws IOException, SQLException {
        Set<String> options = new HashSet<>(SourceOptions.OPTIONS);
        options.add("--sessions-ser");
        CommandLine line = CommandLine.parse(args, options, Set.of());
        String file = line.optional("--sessions-ser");
        if (file != null && line.optional("--from") != null) {
            throw new IllegalArgumentException("give either --sessions-ser or --from, not both");
        }
        if (file == null && line.optional("--from") == null) {
            throw new IllegalArgumentException("--sessions-ser PATH or --from tomcat-jdbc|jetty-jdbc is required");
        }
        int maxSessionBytes = line.positiveInt("--max-session-bytes", SessiondbConfig.DEFAULT_MAX_SESSION_BYTES);
        ObjectInputFilter filter = SourceOptions.filter(line);
        MigrationReport report = new MigrationReport(out);
        try (WebappClassLoader loader = MigrationCommand.webapp(line)) {
            LegacySource source = file != null ? new SessionsSerFile(Path.of(file), loader, filter)
                    : SourceOptions.jdbc(line, loader, filter);
            source.read(new Checker(new SessionSizer(maxSessionBytes), report));
            report.line("sessiondb check of " + source.describe() + " (maxSessionBytes " + maxSessionBytes + ")");
        }
        report.line("  " + report.summary("sessions read", "attributes will not survive"));
        return report.failed() > 0 || report.problems() > 0 ? MigrationCommand.INCOMPLETE : MigrationCommand.OK;
    }
}
