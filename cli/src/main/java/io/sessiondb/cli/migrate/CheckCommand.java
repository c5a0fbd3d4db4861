package io.sessiondb.cli.migrate;

import io.sessiondb.cli.KeyOptions;
import io.sessiondb.cli.LiveClasses;
import io.sessiondb.cli.Output;
import io.sessiondb.cli.SessiondbCli;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code check}: reports, per session and attribute, what will not survive in sessiondb, from a
 * {@code SESSIONS.ser} written by Tomcat's StandardManager or from a container's JDBC session table.
 */
@Command(name = "check", sortOptions = false,
        header = "Report the session attributes that will not survive the move to sessiondb.",
        synopsisHeading = "", // the lines below carry "Usage: " (picocli would print it twice)
        customSynopsis = {
            "Usage: sessiondb-cli check --sessions-ser PATH/SESSIONS.ser --webapp WAR_OR_DIR",
            "                           [options]",
            "       sessiondb-cli check --from tomcat-jdbc|jetty-jdbc --source-url URL",
            "                           --webapp WAR_OR_DIR [options]",
            "       sessiondb-cli check --live --jdbc-url URL [--encryption-key-file FILE]",
            "                           [--json]"},
        description = {"",
            "Reads the sessions a container saved and reports, per session and attribute, what will not survive in"
                + " sessiondb: values the container could not serialize, classes not found in the webapp, stored bytes"
                + " that cannot be read, and sessions or values larger than maxSessionBytes. Writes nothing.",
            "",
            "With --live, reads the values of the live sessions of the sessiondb table instead and prints the classes"
                + " they name (nothing is instantiated) and the serialFilter=allow: value they suggest (docs/security.md).",
            ""},
        footer = {"", "Exit status: 0 nothing will be lost, 1 something will, 2 wrong options, 3 the source database"
            + " unreachable."})
public final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    private SessiondbCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private SourceOptions source;

    @Option(names = "--live", description = "the classes in the live sessions of the sessiondb table (--jdbc-url),"
            + " for serialFilter=allow:")
    private boolean live;

    @Mixin
    private KeyOptions keys;

    @Override
    public Integer call() throws IOException {
        if (live) {
            return LiveClasses.print(cli.options(), keys, new Output(spec, cli.options().json()));
        }
        source.checkSource();
        int maxSessionBytes = source.maxSessionBytes();
        ObjectInputFilter filter = source.filter();
        boolean json = cli.options().json();
        MigrationReport report = new MigrationReport(json ? null : spec.commandLine().getOut());
        String from;
        try (WebappClassLoader loader = source.webapp()) {
            LegacySource legacy = source.source(loader, filter);
            source.read(legacy, new Checker(new SessionSizer(maxSessionBytes), report));
            from = legacy.describe();
        }
        if (json) {
            new Output(spec, true).printJson(report.json("check", from, null, false));
        } else {
            report.line("sessiondb check of " + from + " (maxSessionBytes " + maxSessionBytes + ")");
            report.line("  " + report.summary("sessions read", "attributes will not survive"));
            spec.commandLine().getOut().flush();
        }
        return report.failed() > 0 || report.problems() > 0 ? SessiondbCli.FAILED : SessiondbCli.OK;
    }
}
