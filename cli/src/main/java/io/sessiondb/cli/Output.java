package io.sessiondb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command prints on stdout: with {@code --json} one JSON document built from records by Jackson,
 * and nothing else; without, text for a person. Messages for a person that are not the result
 * (confirmations, "nothing matched") go to stderr, so that stdout stays machine-readable.
 */
public final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    /** @param json whether the result is printed as JSON ({@code --json}) */
    public Output(CommandSpec spec, boolean json) {
        this.out = spec.commandLine().getOut();
        this.err = spec.commandLine().getErr();
        this.json = json;
    }

    /** @return whether the result is printed as JSON */
    boolean json() {
        return json;
    }

    /** Prints {@code value} as JSON on stdout. */
    public void printJson(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON output: " + e.getMessage(), e);
        }
        out.flush();
    }

    /** Prints a line of text for a person on stdout. */
    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints {@code table} on stdout. */
    void table(Table table) {
        table.lines().forEach(out::println);
        out.flush();
    }

    /** Asks a question on stderr, without a line break. */
    void prompt(String question) {
        err.print(question);
        err.flush();
    }

    /** Prints a message that is not the result on stderr. */
    void note(String text) {
        err.println(text);
        err.flush();
    }

    /** @return {@code time} as ISO-8601 UTC, e.g. 2026-12-01T09:30:00Z, or {@code null} */
    static String iso(Instant time) {
        return time == null ? null : time.toString();
    }

    /** @return {@code time} for a table, e.g. 2026-12-01 09:30:00Z, or "-" */
    static String text(Instant time) {
        return time == null ? "-" : TEXT_TIME.format(time);
    }

    /** @return {@code value} for a table: "-" for nothing, control characters (a terminal's escapes) as '?' */
    static String text(Object value) {
        return value == null || value.toString().isEmpty() ? "-" : CONTROL.matcher(value.toString()).replaceAll("?");
    }
}
