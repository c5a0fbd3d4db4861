package io.sessiondb.cli.migrate;

import io.sessiondb.cli.migrate.AttributeProblem.Reason;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.WriteAbortedException;
import java.util.List;
import java.util.Map;

/**
 * Reads attribute values one by one from a container's stream, turning each failure into an
 * {@link AttributeProblem}. A missing class leaves the stream usable, so the next attribute is still
 * read (Java serialization skips the unresolved object). After a value the container failed to
 * serialize half way, reading goes on as the container itself does, though the stream may be out of
 * step from there. Anything else (corrupt bytes, an incompatible class version, a class rejected by
 * the serial filter) leaves the stream where it cannot be followed.
 */
final class ValueReader {

    private final WebappObjectInputStream in;
    private final String sessionId;
    private final Map<String, Object> values;
    private final List<AttributeProblem> problems;
    private boolean broken;
    private boolean aborted;

    /**
     * @param values   where the values read are put, by name
     * @param problems where the problems are added
     */
    ValueReader(WebappObjectInputStream in, String sessionId, Map<String, Object> values, List<AttributeProblem> problems) {
        this.in = in;
        this.sessionId = sessionId;
        this.values = values;
        this.problems = problems;
    }

    /**
     * Reads the value of attribute {@code name} and puts it in the values (a null value is left out).
     *
     * @return whether the stream can still be read
     */
    boolean read(String name) {
        Object value = readValue(name);
        if (value != null) {
            values.put(name, value);
        }
        return !broken;
    }

    /** @return the next object, or {@code null} with a problem added when it cannot be read */
    Object readValue(String name) {
        if (broken) {
            throw new IllegalStateException("the stream of session " + LegacySession.shortId(sessionId) + " is broken");
        }
        try {
            return in.readObject();
        } catch (WriteAbortedException e) {
            if (e.getCause() instanceof NotSerializableException n) {
                problems.add(new AttributeProblem(sessionId, name, n.getMessage(), Reason.NOT_SERIALIZABLE,
                        "the container skipped it when it saved the session"));
                aborted = true;
                return null;
            }
            return brokenBy(name, null, e);
        } catch (ClassNotFoundException e) {
            problems.add(new AttributeProblem(sessionId, name, e.getMessage(), Reason.CLASS_NOT_FOUND, null));
            return null;
        } catch (InvalidClassException e) {
            String rejected = in.rejectedClass();
            if (rejected != null || e.getMessage().contains("REJECTED")) {
                problems.add(new AttributeProblem(sessionId, name, rejected, Reason.UNREADABLE,
                        "rejected by the serial filter"));
                broken = true;
                return null;
            }
            return brokenBy(name, e.classname, e);
        } catch (IOException | RuntimeException e) {
            return brokenBy(name, null, e);
        }
    }

    /** @return whether an earlier value left the stream where it cannot be followed */
    boolean broken() {
        return broken;
    }

    /** Records that {@code count} more attributes could not be reached after the stream broke. */
    void lost(int count) {
        if (count > 0) {
            problems.add(new AttributeProblem(sessionId, "(" + count + " more)", null, Reason.UNREADABLE,
                    "not reached: the stored bytes cannot be followed past the attribute before"));
        }
    }

    private Object brokenBy(String name, String className, Exception e) {
        // A value that failed to serialize half way leaves the writer out of step: Java serialization
        // cannot always follow the stream past it, and the container could not either.
        problems.add(new AttributeProblem(sessionId, name, className, Reason.UNREADABLE, aborted
                ? "the stream cannot be followed past the value the container could not serialize (" + e + ")"
                : e.toString()));
        broken = true;
        return null;
    }
}
