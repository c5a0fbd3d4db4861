package io.sessiondb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** serve's start checks; they run before it touches the database (none is configured here). */
class ServeCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ServeCommand.class ? type.cast(new ServeCommand(env::get)) : CommandLine.defaultFactory().create(type);
            }
        };
        return new CommandLine(new SessiondbCli(), factory).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void refusesToStartWithoutAPasswordNamingBothSources() {
        assertEquals(SessiondbCli.USAGE, run(Map.of(), "serve", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none"));
        assertTrue(err.toString().contains("SESSIONDB_ADMIN_PASSWORD"), err.toString());
        assertTrue(err.toString().contains("--admin-password-file"), err.toString());
    }

    @Test
    void refusesAnEmptyPasswordFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "\n");
        assertEquals(SessiondbCli.USAGE, run(Map.of(), "serve", "--admin-password-file", file.toString()));
        assertTrue(err.toString().contains("is empty"), err.toString());
    }

    @Test
    void noAuthIsRefusedOffLoopback() {
        assertEquals(SessiondbCli.USAGE, run(Map.of(), "serve", "--no-auth", "--bind", "0.0.0.0"));
        assertTrue(err.toString().contains("--no-auth is allowed only on a loopback --bind"), err.toString());
    }

    @Test
    void noAuthOnLoopbackNeedsNoPassword() {
        for (String bind : new String[] {"127.0.0.1", "::1", "localhost"}) {
            ServeCommand serve = new ServeCommand(name -> null);
            new CommandLine(serve).parseArgs("--no-auth", "--bind", bind);
            assertNull(serve.adminPassword(), bind);
        }
    }

    @Test
    void passwordComesFromTheFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        ServeCommand fromFile = new ServeCommand(name -> "from-env");
        new CommandLine(fromFile).parseArgs("--admin-password-file",
                Files.writeString(dir.resolve("pw"), "from-file\r\nignored\n").toString());
        assertEquals("from-file", fromFile.adminPassword());

        ServeCommand fromEnv = new ServeCommand(Map.of(ServeCommand.PASSWORD_ENV, "from-env")::get);
        new CommandLine(fromEnv).parseArgs();
        assertEquals("from-env", fromEnv.adminPassword());
    }

    @Test
    void theAdminPasswordComesFromTheEnvironmentTheCliIsRunWith() {
        String[] args = {"--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "serve", "--port", "0"};
        java.io.ByteArrayOutputStream without = new java.io.ByteArrayOutputStream();
        assertEquals(SessiondbCli.USAGE, SessiondbCli.run(java.io.InputStream.nullInputStream(), System.out,
                new java.io.PrintStream(without, true), Map.of(), args));
        assertTrue(without.toString().contains("serve needs an admin password"), without.toString());
        // with the password in the given environment it gets past the check, to the (closed) database port
        java.io.ByteArrayOutputStream with = new java.io.ByteArrayOutputStream();
        assertEquals(SessiondbCli.UNREACHABLE, SessiondbCli.run(java.io.InputStream.nullInputStream(), System.out,
                new java.io.PrintStream(with, true), Map.of(ServeCommand.PASSWORD_ENV, "from-the-map"), args), with.toString());
        assertTrue(with.toString().startsWith("sessiondb-cli serve: cannot connect to jdbc:postgresql://127.0.0.1:1/none"),
                with.toString());
    }

    @Test
    void negativeMetricsCacheIsAUsageError() {
        assertEquals(SessiondbCli.USAGE, run(Map.of("SESSIONDB_ADMIN_PASSWORD", "x"), "serve", "--metrics-cache-seconds", "-1"));
        assertTrue(err.toString().contains("--metrics-cache-seconds"), err.toString());
    }
}
