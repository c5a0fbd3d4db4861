package io.sessiondb.cli.migrate;

import io.sessiondb.cli.migrate.AttributeProblem.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Serializes a session's attributes one at a time, as sessiondb stores them, to find what would not
 * be stored: values that cannot be serialized again and sessions (or single values) larger than
 * {@code maxSessionBytes}. sessiondb refuses a whole session above the limit, so a session that is
 * too large is reported with its largest attributes.
 */
final class SessionSizer {

    private final long maxSessionBytes;

    /** @param maxSessionBytes the limit of the sessiondb config the sessions will live under */
    SessionSizer(long maxSessionBytes) {
        this.maxSessionBytes = maxSessionBytes;
    }

    /** @return the problems sessiondb would have writing {@code session}; empty when it would store it all */
    List<AttributeProblem> check(LegacySession session) {
        List<AttributeProblem> problems = new ArrayList<>();
        List<Map.Entry<String, Long>> sizes = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Object> attribute : session.attributes().entrySet()) {
            String className = attribute.getValue().getClass().getName();
            try {
                long size = size(attribute.getValue());
                total += size;
                sizes.add(Map.entry(attribute.getKey(), size));
                if (size > maxSessionBytes) {
                    problems.add(new AttributeProblem(session.id(), attribute.getKey(), className, Reason.TOO_LARGE,
                            size + " bytes serialized, maxSessionBytes is " + maxSessionBytes));
                }
            } catch (NotSerializableException e) {
                problems.add(new AttributeProblem(session.id(), attribute.getKey(), className, Reason.NOT_SERIALIZABLE,
                        "it holds a " + e.getMessage()));
            } catch (IOException | RuntimeException e) {
                problems.add(new AttributeProblem(session.id(), attribute.getKey(), className, Reason.NOT_SERIALIZABLE,
                        e.toString()));
            }
        }
        if (total > maxSessionBytes && problems.stream().noneMatch(p -> p.reason() == Reason.TOO_LARGE)) {
            sizes.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
            problems.add(new AttributeProblem(session.id(), "(whole session)", null, Reason.TOO_LARGE, total
                    + " bytes serialized, maxSessionBytes is " + maxSessionBytes + "; sessiondb stores none of it."
                    + " Largest: " + sizes.subList(0, Math.min(3, sizes.size()))));
        }
        return problems;
    }

    /** @return the serialized size of {@code value} on its own, in bytes */
    static long size(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.size();
    }
}
