package io.sessiondb.cli;

import io.sessiondb.core.admin.SessionAdmin;
import picocli.CommandLine.Command;

/** {@code purge}: sweeps now, as the nodes' sweepers do, for tables whose apps are no longer deployed. */
@Command(name = "purge", description = "Delete the expired and revoked sessions no node has claimed, in every app,"
        + " writing their history (no session listeners run). Nodes do this by themselves; this is for tables"
        + " whose apps are gone.")
final class PurgeCommand extends AdminCommand {

    @Override
    void check(GlobalOptions options) {
        if (options.app() != null) {
            throw new IllegalArgumentException("purge sweeps every app of the table; --app does not apply");
        }
    }

    @Override
    int run(SessionAdmin admin, Output output) {
        int purged = admin.purgeExpired();
        if (output.json()) {
            output.printJson(new Purged(purged));
        } else {
            output.line("purged " + purged + (purged == 1 ? " session" : " sessions"));
        }
        return SessiondbCli.OK;
    }

    /** The JSON of {@code purge}. */
    record Purged(int purged) {
    }
}
