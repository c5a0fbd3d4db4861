package io.sessiondb.cli;

import io.sessiondb.core.admin.SessionAdmin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revoke}: marks sessions revoked; each is dead on every node at its next request. Exits
 * {@link SessiondbCli#NO_MATCH} when nothing was revoked.
 */
@Command(name = "revoke", description = "Log out: revoke one session (--session, its id as 'sessions' shows it),"
        + " every session of a user (--principal) or of an indexed attribute value (--attribute), or of a whole"
        + " app (--all with --app). Exit code 4 when nothing was revoked.")
final class RevokeCommand extends AdminCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Option(names = "--yes", description = "do not ask before --all")
    private boolean yes;

    /** What to revoke: exactly one of these. */
    static final class Target {
        @Option(names = "--session", paramLabel = "SHORTID", required = true, description = "one session, by the id 'sessions' shows")
        String session;

        @Option(names = "--principal", paramLabel = "P", required = true, description = "every session of this user")
        String principal;

        @Option(names = "--attribute", paramLabel = "NAME=VALUE", required = true,
                description = "every session whose indexed attribute NAME has VALUE")
        String attribute;

        @Option(names = "--all", required = true, description = "every session of the app given with --app")
        boolean all;
    }

    @Override
    void check(GlobalOptions options) {
        if (target.all && options.app() == null) {
            throw new IllegalArgumentException("revoke --all needs --app APP: it revokes every session of one app");
        }
        if (target.attribute != null) {
            Selector.pair(target.attribute);
        }
    }

    @Override
    int run(SessionAdmin admin, Output output) {
        String app = options().app();
        int revoked;
        if (target.session != null) {
            revoked = admin.revoke(target.session);
        } else if (target.principal != null) {
            revoked = admin.revokePrincipal(app, target.principal);
        } else if (target.attribute != null) {
            String[] pair = Selector.pair(target.attribute);
            revoked = admin.revokeAttribute(app, pair[0], pair[1]);
        } else {
            if (!yes && !confirmed(output, "Revoke every session of app " + app + "? [y/N] ")) {
                output.note("revoke --all: not confirmed; nothing revoked");
                return SessiondbCli.FAILED;
            }
            revoked = admin.revokeApp(app);
        }
        if (output.json()) {
            output.printJson(new Revoked(revoked));
        } else {
            output.line("revoked " + revoked + (revoked == 1 ? " session" : " sessions"));
        }
        if (revoked == 0) {
            output.note("revoke: nothing matched (no unrevoked session)");
            return SessiondbCli.NO_MATCH;
        }
        return SessiondbCli.OK;
    }

    private boolean confirmed(Output output, String question) {
        output.prompt(question);
        try {
            String answer = new BufferedReader(new InputStreamReader(cli().in(), StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON of {@code revoke}. */
    record Revoked(int revoked) {
    }
}
