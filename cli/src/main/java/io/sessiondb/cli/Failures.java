package io.sessiondb.cli;

import io.sessiondb.core.internal.UrlSecrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns what went wrong into an exit code and one line on stderr: usage errors
 * ({@link ParameterException}, {@link IllegalArgumentException}) with the usage, an unreachable
 * database or refused login as one line naming the URL without its password, anything else as its
 * message. The stack trace only with {@code --verbose}. No password reaches stderr: every value given
 * to {@code --password} and every password in a URL is masked in what is printed.
 */
final class Failures implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** An option name that looks like --password, spelled right or not. */
    private static final Pattern LIKE_PASSWORD = Pattern.compile("pas|pw|secret", Pattern.CASE_INSENSITIVE);

    private final GlobalOptions options;
    private final PrintWriter err;
    private final String[] args;

    Failures(GlobalOptions options, PrintWriter err, String[] args) {
        this.options = options;
        this.err = err;
        this.args = args.clone();
    }

    @Override
    public int handleParseException(ParameterException e, String[] ignored) {
        CommandLine line = e.getCommandLine();
        err.println(mask(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err); // "Did you mean", for a misspelled option
        line.usage(err);
        return SessiondbCli.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine line, ParseResult parsed) {
        if (e instanceof ParameterException p) {
            return handleParseException(p, args);
        }
        if (e instanceof IllegalArgumentException) {
            err.println(mask(e.getMessage()));
            line.usage(err);
            return SessiondbCli.USAGE;
        }
        Throwable unreachable = unreachable(e);
        if (unreachable != null) {
            String url = e instanceof DatabaseUnreachableException d ? d.url() : options.jdbcUrlOrNull();
            err.println(mask("sessiondb-cli " + line.getCommandName() + ": cannot connect to "
                    + (url == null ? "the database" : UrlSecrets.mask(url)) + ": " + oneLine(reason(unreachable))));
        } else {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            err.println(mask("sessiondb-cli " + line.getCommandName() + ": " + oneLine(message)));
        }
        if (options.verbose()) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(mask(trace.toString()));
            err.flush();
        }
        return unreachable != null ? SessiondbCli.UNREACHABLE : SessiondbCli.FAILED;
    }

    /** @return the failure in {@code e}'s causes that means no connection could be had or the login was refused */
    static Throwable unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (DatabaseUnreachableException.isConnectionFailure(t)) {
                return t;
            }
        }
        return null;
    }

    /** @return the driver's own words: the message of the deepest SQL failure under {@code t}, else of the deepest failure */
    private static String reason(Throwable t) {
        String sql = null;
        String any = t.getMessage();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                any = c.getMessage();
                sql = c instanceof SQLException ? c.getMessage() : sql;
            }
        }
        return String.valueOf(sql != null ? sql : any);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** @return {@code text} with every password this command line holds replaced by {@value UrlSecrets#MASK} */
    private String mask(String text) {
        String masked = text;
        for (String secret : secrets()) {
            if (!secret.isEmpty()) {
                masked = masked.replace(secret, UrlSecrets.MASK);
            }
        }
        return masked;
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            // --password, and a misspelling of it, whose value picocli would echo as an unknown argument
            if (name.startsWith("--") && LIKE_PASSWORD.matcher(name).find() && !name.equals("--password-file")) {
                if (equals >= 0) {
                    secrets.add(arg.substring(equals + 1));
                } else if (i + 1 < args.length) {
                    secrets.add(args[i + 1]);
                }
            } else if (arg.startsWith("jdbc:") || arg.contains("=jdbc:")) {
                String inUrl = UrlSecrets.split(arg.substring(arg.indexOf("jdbc:"))).password();
                if (inUrl != null) {
                    secrets.add(inUrl);
                }
            }
        }
        try {
            String password = options.password();
            if (password != null) {
                secrets.add(password);
            }
        } catch (IllegalArgumentException e) {
            // an unreadable --password-file holds nothing to mask
        }
        return secrets;
    }
}
