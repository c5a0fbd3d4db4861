package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.internal.Dialects;
import io.sessiondb.core.internal.SchemaInfo;
import io.sessiondb.core.internal.SchemaScript;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code schema}: prints the DDL of every schema version for a DBA who runs it by hand (the nodes then run
 * with {@code createSchema=false}); {@code schema --upgrade} applies the pending upgrades itself.
 */
@Command(name = "schema", description = "Print the DDL of schema versions 1 to " + SchemaInfo.CURRENT_VERSION
        + " with the table name filled in, for a DBA to run (nodes then use createSchema=false). The dialect comes"
        + " from --dialect or --jdbc-url; nothing connects. With --upgrade: create the tables or apply the pending"
        + " upgrades on --jdbc-url.")
final class SchemaCommand implements Callable<Integer> {

    @ParentCommand
    private SessiondbCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dialect", paramLabel = "DIALECT", description = "postgresql, mariadb or sqlite (default: from --jdbc-url)")
    private Dialect dialect;

    @Option(names = "--upgrade", description = "create the tables, or upgrade them to version " + SchemaInfo.CURRENT_VERSION
            + ", on --jdbc-url")
    private boolean upgrade;

    /** The dialects, as {@code --dialect} takes them. */
    enum Dialect {
        postgresql, mariadb, sqlite
    }

    @Override
    public Integer call() {
        GlobalOptions options = cli.options();
        Output output = new Output(spec, options.json());
        if (upgrade) {
            if (dialect != null) {
                throw new IllegalArgumentException("--upgrade takes the dialect from --jdbc-url; --dialect does not apply");
            }
            return upgrade(options, output);
        }
        String table = checkedTable(options.table());
        String name = dialect != null ? dialect.name() : fromUrl(options.jdbcUrlOrNull(), table);
        List<Script> scripts = new ArrayList<>();
        for (int version = 1; version <= SchemaInfo.CURRENT_VERSION; version++) {
            scripts.add(new Script(version, SchemaScript.load(name, version, table)));
        }
        if (output.json()) {
            output.printJson(new Ddl(name, table, SchemaInfo.CURRENT_VERSION, scripts));
            return SessiondbCli.OK;
        }
        output.line("-- sessiondb schema for table " + table + " (" + name + "), versions 1 to " + SchemaInfo.CURRENT_VERSION
                + ". Run the versions after the one in " + table + "_schema, in order.");
        for (Script script : scripts) {
            output.line("");
            output.line("-- version " + script.version());
            output.line(script.sql().strip());
        }
        return SessiondbCli.OK;
    }

    private static int upgrade(GlobalOptions options, Output output) {
        try (SessionAdmin admin = AdminFactory.open(options, true)) {
            admin.apps(); // the first query: the schema is in place once it answers
        }
        if (output.json()) {
            output.printJson(new Upgraded(options.table(), SchemaInfo.CURRENT_VERSION));
        } else {
            output.line("table " + options.table() + " is at schema version " + SchemaInfo.CURRENT_VERSION);
        }
        return SessiondbCli.OK;
    }

    private static String fromUrl(String url, String table) {
        if (url == null) {
            throw new IllegalArgumentException("give --dialect postgresql|mariadb|sqlite, or --jdbc-url to take it from");
        }
        try {
            return Dialects.forJdbcUrl(url, table).name();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("--jdbc-url: " + e.getMessage() + "; or give --dialect", e);
        }
    }

    private static String checkedTable(String table) {
        try {
            new SessiondbConfig().setTableName(table);
            return table;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--table: " + e.getMessage(), e);
        }
    }

    /** One version's DDL. */
    record Script(int version, String sql) {
    }

    /** The JSON of {@code schema}. */
    record Ddl(String dialect, String table, int version, List<Script> scripts) {
    }

    /** The JSON of {@code schema --upgrade}. */
    record Upgraded(String table, int version) {
    }
}
