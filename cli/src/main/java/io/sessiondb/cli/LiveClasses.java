package io.sessiondb.cli;

import io.sessiondb.core.admin.StoredValues;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code check --live}: the classes named by the values of the live sessions of the sessiondb table
 * (the {@link io.sessiondb.core.StoredClasses} census, nothing instantiated) and the
 * {@code serialFilter=allow:} value they suggest.
 */
public final class LiveClasses {

    private LiveClasses() {
    }

    /**
     * Prints the census of the table the options name.
     *
     * @return the exit code: {@link SessiondbCli#OK}, or {@link SessiondbCli#FAILED} when encrypted values
     *         could not be opened with the keys given
     */
    public static int print(GlobalOptions options, KeyOptions keys, Output output) {
        if (options.app() != null) {
            throw new IllegalArgumentException("check --live covers every app of the table; --app does not apply");
        }
        StoredValues.Census census;
        try (StoredValues values = AdminFactory.openValues(options, keys)) {
            census = values.census(StoredValues.DEFAULT_BATCH);
        }
        Map<String, Integer> classes = new TreeMap<>(census.classes().classes());
        String allow = census.classes().allowSetting();
        if (output.json()) {
            output.printJson(new Classes(census.values(), census.unreadable(),
                    classes.entrySet().stream().map(e -> new ClassCount(e.getKey(), e.getValue())).toList(), allow));
        } else {
            Table table = new Table("CLASS", "#VALUES");
            classes.forEach((name, count) -> table.row(Output.text(name), count));
            output.table(table);
            output.line(census.values() + " values read, " + classes.size() + " classes"
                    + (census.unreadable() == 0 ? "" : ", " + census.unreadable() + " encrypted values no key given opens"));
            output.line("serialFilter=" + (allow == null ? "allow:  (the JDK's value types suffice)" : allow));
        }
        return census.unreadable() > 0 ? SessiondbCli.FAILED : SessiondbCli.OK;
    }

    /** The JSON of {@code check --live}: field names are a contract (docs/admin.md). */
    record Classes(long values, long unreadable, List<ClassCount> classes, String allow) {
    }

    /** One class and the number of values that name it. */
    record ClassCount(String name, int values) {
    }
}
