package io.sessiondb.cli;

import io.sessiondb.cli.console.ConsoleServer;
import io.sessiondb.core.admin.SessionAdmin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: the admin console and the cluster-wide {@code /metrics} on an embedded Jetty, until
 * stopped (Ctrl-C). HTTP Basic authentication on every path, user {@code admin}, password from
 * {@value #PASSWORD_ENV} or {@code --admin-password-file}; without one it refuses to start (exit 2)
 * unless {@code --no-auth} is given on a loopback {@code --bind}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the admin console (/, /sessions) and the Prometheus endpoint (/metrics).",
                "Every path asks for user 'admin' and the password from " + ServeCommand.PASSWORD_ENV
                        + " or --admin-password-file."})
public final class ServeCommand implements Callable<Integer> {

    /** Environment variable with the console's admin password. */
    public static final String PASSWORD_ENV = "SESSIONDB_ADMIN_PASSWORD";

    @Option(names = "--port", defaultValue = "8090", paramLabel = "PORT",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--admin-password-file", paramLabel = "FILE",
            description = "File whose first line is the password of user 'admin' (else " + PASSWORD_ENV + ").")
    Path adminPasswordFile;

    @Option(names = "--no-auth",
            description = "Serve without authentication. Only with a loopback --bind (127.0.0.1, ::1).")
    boolean noAuth;

    @Option(names = "--metrics-cache-seconds", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long /metrics serves one reading of the table (default: ${DEFAULT-VALUE}; 0: every scrape reads).")
    int metricsCacheSeconds;

    /** The global options (--jdbc-url, --username, --password, --password-file, --table), before or after {@code serve}. */
    @ParentCommand
    SessiondbCli cli;

    @Spec
    CommandSpec spec;

    private final UnaryOperator<String> environment;

    /** The command as picocli builds it: {@value #PASSWORD_ENV} comes from the environment the CLI was run with. */
    public ServeCommand() {
        this(null);
    }

    /** For tests: {@code environment} answers {@value #PASSWORD_ENV}; {@code null}: the CLI's environment. */
    ServeCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        rejectGlobalOptionsServeIgnores(cli.options());
        String adminPassword = adminPassword();
        try (SessionAdmin admin = openAdmin(); ConsoleServer console = start(admin, adminPassword)) {
            console.join();
        }
        return SessiondbCli.OK;
    }

    /**
     * Checks the options and starts the console on {@code admin}; prints where it listens.
     *
     * @param adminPassword from {@link #adminPassword()}: the password, or {@code null} for --no-auth
     */
    ConsoleServer start(SessionAdmin admin, String adminPassword) throws Exception {
        ConsoleServer console = ConsoleServer.start(admin, bind, port, adminPassword, metricsCacheSeconds);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sessiondb console on http://%s:%d/ (%s); metrics on /metrics. Ctrl-C stops it.%n",
                bind.contains(":") ? "[" + bind + "]" : bind, console.port(),
                adminPassword == null ? "no authentication" : "user admin");
        out.flush();
        return console;
    }

    /**
     * Validates the options that decide whether the console may start at all.
     *
     * @return the admin password, or {@code null} with {@code --no-auth} on a loopback address
     * @throws ParameterException (exit 2) naming the option and the fix
     */
    String adminPassword() {
        if (port < 0 || port > 65535) {
            throw usage("--port must be between 0 and 65535, was " + port);
        }
        if (metricsCacheSeconds < 0) {
            throw usage("--metrics-cache-seconds cannot be negative, was " + metricsCacheSeconds);
        }
        if (noAuth) {
            if (adminPasswordFile != null) {
                throw usage("--no-auth and --admin-password-file exclude each other: drop one");
            }
            if (!isLoopback(bind)) {
                throw usage("--no-auth is allowed only on a loopback --bind (127.0.0.1 or ::1), not on " + bind
                        + ": set " + PASSWORD_ENV + " or --admin-password-file instead");
            }
            return null;
        }
        String adminPassword = adminPasswordFile != null ? readPasswordFile(adminPasswordFile) : environment(PASSWORD_ENV);
        if (adminPassword == null || adminPassword.isBlank()) {
            throw usage("serve needs an admin password: set the environment variable " + PASSWORD_ENV
                    + " or pass --admin-password-file FILE (or, on a loopback --bind only, --no-auth)");
        }
        return adminPassword;
    }

    /**
     * {@code --app} and {@code --json} are global options, but the console shows every app (its pages pick one
     * with {@code ?app=}, /metrics labels each series by app) and prints one line: a usage error, not ignored.
     */
    void rejectGlobalOptionsServeIgnores(GlobalOptions options) {
        if (options.app() != null) {
            throw usage("serve does not take --app: the console shows every app of the table (choose one on its pages,"
                    + " /sessions?app=APP), and /metrics labels each series with its app");
        }
        if (options.json()) {
            throw usage("serve does not take --json: its output is the console's pages and /metrics, not JSON on stdout");
        }
    }

    /** The one place serve gets its {@link SessionAdmin}; closes with the command. */
    SessionAdmin openAdmin() {
        return AdminFactory.open(cli.options(), false);
    }

    private String environment(String name) {
        return environment != null ? environment.apply(name) : cli.options().env(name);
    }

    private String readPasswordFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String firstLine = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            if (firstLine.isBlank()) {
                throw usage("--admin-password-file " + file + " is empty: write the password on its first line");
            }
            return firstLine;
        } catch (IOException e) {
            throw usage("--admin-password-file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static boolean isLoopback(String address) {
        try {
            for (InetAddress a : InetAddress.getAllByName(address)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
