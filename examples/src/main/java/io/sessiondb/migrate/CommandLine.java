package io.sessiondb.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one command: {@code --name value} (or {@code --name=value}) pairs and bare flags.
 * Every mistake is an {@link IllegalArgumentException} naming the option.
 */
final class CommandLine {

    private final Map<String, List<String>> values;
    private final Set<String> flagsGiven;

    private CommandLine(Map<String, List<String>> values, Set<String> flagsGiven) {
        this.values = values;
        this.flagsGiven = flagsGiven;
    }

    /**
     * @param args    the arguments after the command name
     * @param options the options that take a value, e.g. {@code --source-url}
     * @param flags   the options that take none, e.g. {@code --dry-run}
     */
    static CommandLine parse(List<String> args, Set<String> options, Set<String> flags) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> given = new java.util.HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (flags.contains(name) && value == null) {
                given.add(name);
            } else if (options.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args.get(++i);
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new CommandLine(values, given);
    }

    /** @return the value of an option given at most once, or {@code null} */
    String optional(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return null;
        }
        if (list.size() > 1) {
            throw new IllegalArgumentException(name + " is given more than once");
        }
        return list.get(0);
    }

    /** @return the value of an option that must be given once */
    String required(String name, String example) {
        String value = optional(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required, e.g. " + name + " " + example);
        }
        return value;
    }

    /** @return every value of a repeatable option, in order */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** @return whether a bare flag was given */
    boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    /** @return the value of a positive integer option, or {@code fallback} */
    int positiveInt(String name, int fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " takes a positive number, got '" + value + "'");
    }

    /** @return {@code key=value} options (repeatable) as a map, each key one of {@code keys} */
    Map<String, String> pairs(String name, Set<String> keys) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : all(name)) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (equals < 0 || !keys.contains(key)) {
                throw new IllegalArgumentException(name + " takes NAME=VALUE with NAME one of " + keys + ", got '" + pair + "'");
            }
            map.put(key, pair.substring(equals + 1));
        }
        return map;
    }
}
