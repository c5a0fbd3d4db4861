package io.sessiondb.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every log call of a module's main sources (System.Logger {@code LOG.log}, SLF4J and Tomcat
 * JULI {@code LOG.warn/log.debug/...}) and reports those whose arguments carry a value that may come
 * from a request or a stored row (an id, an attribute name, a principal, a class name, an exception's
 * message...) without {@code LogText}. The hostile-value tests then drive the call sites that requests
 * and rows reach; this keeps a new call site from skipping {@code LogText}. Test code only.
 */
public final class LogCallSites {

    private static final Pattern CALL = Pattern.compile("\\b(?:LOG|log)\\s*\\.\\s*(?:log|warn|info|debug|error|trace|fatal)\\s*\\(");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])'");
    private static final Pattern SANITISED = Pattern.compile("LogText\\s*\\.\\s*(?:of|id|line)\\s*\\(");
    /**
     * Expressions that may hold hostile text: identifiers named like ids, names, principals and values,
     * and the getters and exception texts that return such text.
     */
    private static final Pattern RISKY = Pattern.compile("(?<![\\w.])(?:id|ids|sessionId|oldId|newId|name|names|principal|value|key|"
            + "attribute|attributes|row|cookie|header|uri|path)\\b(?!\\s*\\()"
            + "|\\.\\s*(?:getMessage|getLocalizedMessage|toString|getName|getTypeName|getId|getIdInternal|getParameter|getHeader"
            + "|getRequestURI|getPathInfo|getCookies|getPrincipal|getAttribute|getRequestedSessionId|principal|metadataJson)\\s*\\("
            + "|\\+\\s*e\\b|\\be\\s*\\+");

    /** One log call that passes a risky expression without LogText. */
    public record Finding(Path file, int line, String call) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + ": " + call.replaceAll("\\s+", " ");
        }
    }

    private LogCallSites() {
    }

    /** @return how many log calls the sources under {@code root} have (so a test can tell it saw them) */
    public static int count(Path root) {
        int count = 0;
        for (Path file : sources(root)) {
            Matcher m = CALL.matcher(read(file));
            while (m.find()) {
                count++;
            }
        }
        return count;
    }

    /**
     * @param allowed calls, as {@code FileName.java:text of the risky expression}, reviewed as safe
     *                (for example the message of an exception sessiondb built with LogText)
     * @return the unsanitised log calls under {@code root}
     */
    public static List<Finding> unsanitised(Path root, Set<String> allowed) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : sources(root)) {
            String text = read(file);
            Matcher m = CALL.matcher(text);
            while (m.find()) {
                String call = text.substring(m.start(), closing(text, m.end() - 1) + 1);
                String code = strip(call.substring(call.indexOf('(')));
                Matcher risky = RISKY.matcher(code);
                while (risky.find()) {
                    if (!allowed.contains(file.getFileName() + ":" + risky.group().strip())) {
                        findings.add(new Finding(file, line(text, m.start()), call));
                        break;
                    }
                }
            }
        }
        return findings;
    }

    /** @return the arguments without string literals and without LogText calls (and their arguments) */
    static String strip(String arguments) {
        String code = STRING.matcher(arguments).replaceAll("\"\"");
        Matcher m = SANITISED.matcher(code);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (m.find(from)) {
            out.append(code, from, m.start()).append("LogText()");
            from = closing(code, m.end() - 1) + 1;
        }
        return out.append(code.substring(from)).toString();
    }

    private static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = skipString(text, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses from " + text.substring(open, Math.min(text.length(), open + 80)));
    }

    private static int skipString(String text, int quote) {
        for (int i = quote + 1; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '"') {
                return i;
            }
        }
        return text.length();
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static List<Path> sources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
