package io.sessiondb.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a dialect's DDL resource, fills in the table names and splits it into statements. */
public final class SchemaScript {

    private SchemaScript() {
    }

    /**
     * @param dialect    the dialect name, e.g. {@code postgresql}
     * @param table      the table name, optionally schema-qualified
     * @return the DDL with {@code ${table}} and {@code ${name}} filled in
     */
    public static String load(String dialect, String table) {
        String resource = "/io/sessiondb/schema/" + dialect + ".sql";
        try (InputStream in = SchemaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from the sessiondb jar");
            }
            String name = table.substring(table.indexOf('.') + 1);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${table}", table)
                    .replace("${name}", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script on semicolons that end a line, dropping {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
