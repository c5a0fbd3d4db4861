package io.sessiondb.cli;

import io.sessiondb.core.admin.SessionAdmin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that works on the session table through a {@link SessionAdmin}: opens it from the global
 * options (never creating or upgrading the tables), runs, closes it.
 */
abstract class AdminCommand implements Callable<Integer> {

    @ParentCommand
    private SessiondbCli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public final Integer call() {
        check(options());
        Output output = new Output(spec, options().json());
        try (SessionAdmin admin = AdminFactory.open(options(), false)) {
            return run(admin, output);
        }
    }

    /** Checks the options before any connection is made; a mistake is an {@link IllegalArgumentException}. */
    void check(GlobalOptions options) {
    }

    /** @return the exit code */
    abstract int run(SessionAdmin admin, Output output);

    final GlobalOptions options() {
        return cli.options();
    }

    final SessiondbCli cli() {
        return cli;
    }
}
