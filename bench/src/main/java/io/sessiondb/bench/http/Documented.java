package io.sessiondb.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration docs/tomcat.md and docs/jetty.md tell a user to write, read from the docs so that
 * the distributions run what a user runs (the tests TomcatDistributionIT and JettyHomeIT do the same).
 */
final class Documented {

    private Documented() {
    }

    /** The non-sticky context.xml of docs/tomcat.md with the database, user and table filled in. */
    static String tomcatContextXml(Path docs, String jdbcUrl, String table) throws IOException {
        Matcher blocks = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(docs.resolve("tomcat.md")));
        String xml = null;
        while (blocks.find()) {
            if (blocks.group(1).contains("io.sessiondb.tomcat.SessiondbValve") && blocks.group(1).contains("<Context>")) {
                xml = blocks.group(1);
            }
        }
        if (xml == null) {
            throw new IOException("docs/tomcat.md shows no non-sticky context.xml");
        }
        xml = attribute(xml, "jdbcUrl", jdbcUrl.replace("&", "&amp;"));
        xml = attribute(xml, "username", "bench");
        xml = attribute(xml, "password", "");
        return attribute(xml, "tableName", table);
    }

    private static String attribute(String xml, String name, String value) throws IOException {
        Matcher m = Pattern.compile("\\b" + name + "=\"[^\"]*\"").matcher(xml);
        if (!m.find()) {
            throw new IOException("the documented context.xml has no " + name);
        }
        return m.replaceFirst(Matcher.quoteReplacement(name + "=\"" + value + "\""));
    }

    /** @return the modules of the non-sticky {@code --add-modules=} line in docs/jetty.md */
    static String jettyModules(Path docs) throws IOException {
        Matcher m = Pattern.compile("start\\.jar --add-modules=(\\S*sessiondb-cache\\S*)").matcher(Files.readString(docs.resolve("jetty.md")));
        if (!m.find()) {
            throw new IOException("docs/jetty.md shows no non-sticky --add-modules line");
        }
        return m.group(1);
    }

    /** @return the lines of the first {@code ini} block in docs/jetty.md */
    static List<String> jettyIni(Path docs) throws IOException {
        Matcher m = Pattern.compile("```ini\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(docs.resolve("jetty.md")));
        if (!m.find()) {
            throw new IOException("docs/jetty.md shows no ini block");
        }
        return m.group(1).lines().filter(l -> !l.isBlank()).toList();
    }
}
