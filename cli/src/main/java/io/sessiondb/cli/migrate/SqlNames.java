package io.sessiondb.cli.migrate;

import java.util.regex.Pattern;

/** Checks table and column names before they are put into SQL text. */
final class SqlNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?");

    private SqlNames() {
    }

    /**
     * @param option the option or property that gave the name, for the message
     * @return {@code name} when it is a plain identifier, optionally qualified by a schema
     */
    static String check(String option, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(option + " must be a plain SQL name (letters, digits, _ and $,"
                    + " optionally schema.name), got '" + name + "'");
        }
        return name;
    }
}
