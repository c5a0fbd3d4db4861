package io.sessiondb.cli;

import io.sessiondb.core.admin.StoredValues;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code values}: the attribute values of one session, for an operator who asks: JSON-codec values with
 * every leaf masked unless {@code --unmasked}, Java-serialized and encrypted values never shown.
 */
@Command(name = "values", description = "Show the attribute values of one session (its short id, as sessions"
        + " lists it): values stored as JSON (codec json or mixed) with every leaf masked as \"***\", the structure"
        + " kept, or in clear with --unmasked; values in Java serialization and encrypted values are never shown"
        + " (<java>, <encrypted>).")
final class ValuesCommand implements Callable<Integer> {

    @ParentCommand
    private SessiondbCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHORT_ID", description = "the session's short id (16 hex digits)")
    private String shortId;

    @Option(names = "--unmasked", description = "show the JSON values in clear")
    private boolean unmasked;

    @Override
    public Integer call() {
        GlobalOptions options = cli.options();
        Output output = new Output(spec, options.json());
        List<StoredValues.ShownValue> values;
        try (StoredValues stored = AdminFactory.openValues(options, new KeyOptions())) {
            values = stored.values(options.app(), shortId, unmasked);
        }
        if (output.json()) {
            output.printJson(new Values(values));
        } else {
            Table table = new Table("APP", "SESSION", "NAME", "VALUE");
            for (StoredValues.ShownValue v : values) {
                table.row(v.app(), v.session(), Output.text(v.name()),
                        Output.text(v.value() != null ? v.value().toString() : "<" + v.kind() + ">"));
            }
            output.table(table);
            output.line(values.size() + (values.size() == 1 ? " value" : " values"));
        }
        return values.isEmpty() ? SessiondbCli.NO_MATCH : SessiondbCli.OK;
    }

    /** The JSON of {@code values}: field names are a contract (docs/admin.md). */
    record Values(List<StoredValues.ShownValue> values) {
    }
}
