package io.sessiondb.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's command line.
 *
 * @param ports the HTTP ports, one node each
 * @param db    the session database's JDBC URL
 * @param help  whether to print the usage and stop
 */
record DemoOptions(List<Integer> ports, String db, boolean help) {

    static DemoOptions parse(String[] args, String dbFromEnvironment) {
        List<Integer> ports = List.of(8081, 8082);
        String db = dbFromEnvironment == null || dbFromEnvironment.isBlank() ? Demo.DEFAULT_DB : dbFromEnvironment;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return new DemoOptions(ports, db, true);
                }
                case "--ports" -> ports = ports(value(args, ++i, "--ports"));
                case "--db" -> db = database(value(args, ++i, "--db"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return new DemoOptions(ports, db, false);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static List<Integer> ports(String text) {
        List<Integer> ports = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int port = Integer.parseInt(part.strip());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--ports takes two port numbers, e.g. --ports 8081,8082; got '" + text + "'");
            }
        }
        if (ports.size() != 2 || ports.get(0).equals(ports.get(1))) {
            throw new IllegalArgumentException("--ports takes two different port numbers, e.g. --ports 8081,8082");
        }
        return List.copyOf(ports);
    }

    private static String database(String url) {
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--db takes a JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=root");
        }
        return url;
    }
}
