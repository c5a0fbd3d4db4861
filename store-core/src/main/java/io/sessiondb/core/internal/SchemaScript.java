package io.sessiondb.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dialect's DDL resources, fills in the table names and splits them into statements. Version 1
 * is {@code schema/<dialect>.sql}; each later version {@code n} is the upgrade script
 * {@code schema/<dialect>/V<n>.sql}, which changes a version {@code n-1} table in place and records
 * version {@code n}. A fresh install runs them all in order.
 */
public final class SchemaScript {

    private SchemaScript() {
    }

    /** @return the resource path of the script that brings a schema to {@code version}, inside the jar */
    public static String resource(String dialect, int version) {
        return version == 1 ? "schema/" + dialect + ".sql" : "schema/" + dialect + "/V" + version + ".sql";
    }

    /** Same as {@link #load(String, int, String)} for version 1, the base script. */
    public static String load(String dialect, String table) {
        return load(dialect, 1, table);
    }

    /** @return the scripts of versions 1 to {@link SchemaInfo#CURRENT_VERSION}, in order, names filled in */
    public static List<String> all(String dialect, String table) {
        List<String> scripts = new ArrayList<>();
        for (int v = 1; v <= SchemaInfo.CURRENT_VERSION; v++) {
            scripts.add(load(dialect, v, table));
        }
        return scripts;
    }

    /**
     * @param dialect    the dialect name, e.g. {@code postgresql}
     * @param version    the schema version the script brings the tables to
     * @param table      the table name, optionally schema-qualified
     * @return the DDL with {@code ${table}} and {@code ${name}} filled in
     */
    public static String load(String dialect, int version, String table) {
        String resource = "/io/sessiondb/" + resource(dialect, version);
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
