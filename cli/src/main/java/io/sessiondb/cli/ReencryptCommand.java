package io.sessiondb.cli;

import io.sessiondb.core.admin.StoredValues;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code reencrypt}: moves every stored value to the first encryption key, while the nodes serve. */
@Command(name = "reencrypt", description = "Encrypt every attribute value of every app that is not under the first"
        + " encryption key (values under an older key, and plain values), in batches, while the nodes serve: a value a"
        + " node writes meanwhile is left as the node wrote it. Run it after putting a new key first on every node,"
        + " before dropping the old one. Exit 1 when some value opens with no key given.")
final class ReencryptCommand implements Callable<Integer> {

    @ParentCommand
    private SessiondbCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private KeyOptions keys;

    @Option(names = "--batch", paramLabel = "N", description = "values per batch (default " + StoredValues.DEFAULT_BATCH + ")")
    private int batch = StoredValues.DEFAULT_BATCH;

    @Override
    public Integer call() {
        GlobalOptions options = cli.options();
        if (batch < 1) {
            throw new IllegalArgumentException("--batch takes 1 or more, got " + batch);
        }
        if (options.app() != null) {
            throw new IllegalArgumentException("reencrypt covers every app of the table; --app does not apply");
        }
        if (!keys.given(options)) {
            throw new IllegalArgumentException("reencrypt needs the keys: --encryption-key-file FILE or $"
                    + KeyOptions.ENV + ", the new key first, as on the nodes");
        }
        Output output = new Output(spec, options.json());
        StoredValues.Reencryption done;
        try (StoredValues values = AdminFactory.openValues(options, keys)) {
            done = values.reencrypt(batch);
        }
        if (output.json()) {
            output.printJson(new Reencrypted(done.reencrypted(), done.current(), done.written(), done.unreadable()));
        } else {
            output.line("re-encrypted " + done.reencrypted() + " values; " + done.current() + " under the first key already, "
                    + done.written() + " written by a node meanwhile, " + done.unreadable() + " no key opens");
        }
        return done.unreadable() > 0 ? SessiondbCli.FAILED : SessiondbCli.OK;
    }

    /** The JSON of {@code reencrypt}: field names are a contract (docs/admin.md). */
    record Reencrypted(long reencrypted, long current, long written, long unreadable) {
    }
}
