package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format (version 0.0.4) for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE} or a sample of a family whose TYPE came before; anything else fails
 * the test. Samples are keyed {@code name{a="x",b="y"}} with the labels as written.
 */
final class PrometheusText {

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|untyped|summary|histogram)");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\",?)*})? (\\S+)");

    final Map<String, String> types = new HashMap<>();
    final Map<String, Double> samples = new LinkedHashMap<>();

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        assertTrue(text.endsWith("\n"), "the exposition ends with a newline");
        for (String line : text.split("\n")) {
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                continue;
            }
            if ((m = TYPE.matcher(line)).matches()) {
                parsed.types.put(m.group(1), m.group(2));
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                assertTrue(parsed.types.containsKey(m.group(1)), "sample before its # TYPE: " + line);
                String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                if (parsed.samples.put(key, Double.parseDouble(m.group(3))) != null) {
                    fail("series twice: " + key);
                }
            } else {
                fail("not a line of the Prometheus text format: '" + line + "'");
            }
        }
        return parsed;
    }

    /** @return the value of {@code series}, failing when it is missing */
    double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            fail("no series " + series + " in " + samples.keySet());
        }
        return value;
    }

    void assertValue(String series, double expected) {
        assertEquals(expected, value(series), series);
    }
}
