package io.sessiondb.cli.migrate;

import java.io.IOException;
import java.io.StreamCorruptedException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one session in the format of Tomcat's {@code StandardSession.writeObjectData}, as
 * {@code DataSourceStore} keeps it in its data column and {@code StandardManager} writes it to
 * {@code SESSIONS.ser}: creation time, last accessed time, max inactive interval (seconds), isNew,
 * isValid, this accessed time, id; then, when the manager persisted authentication, the auth type
 * and principal (and since BZ 66120 the expected session id and saved request); then the attribute
 * count and name/value pairs. A value Tomcat could not serialize is a {@code WriteAbortedException}
 * in the stream.
 *
 * <p>A persisted principal is kept as sessiondb's Tomcat adapter keeps it: under
 * {@value #PRINCIPAL_KEY} with the auth type under {@value #AUTH_TYPE_KEY}, its name as the
 * session's principal.
 */
final class TomcatSessionDecoder {

    /** Where sessiondb's Tomcat adapter keeps a persisted principal (io.sessiondb.tomcat.SessionMapper). */
    static final String PRINCIPAL_KEY = "io.sessiondb.tomcat.principal";
    /** Where sessiondb's Tomcat adapter keeps the auth type of a persisted principal. */
    static final String AUTH_TYPE_KEY = "io.sessiondb.tomcat.authType";

    /**
     * A decoded session.
     *
     * @param session the session, with what could be read
     * @param broken  whether the stream cannot be followed past this session
     */
    record Decoded(LegacySession session, boolean broken) {
    }

    private TomcatSessionDecoder() {
    }

    /**
     * @param idHint the id the row or file names the session by, for reports until the stream gives it
     * @throws IOException when the fixed fields cannot be read: this is not a Tomcat session
     */
    static Decoded read(WebappObjectInputStream in, String idHint) throws IOException {
        long createdMs;
        long lastAccessedMs;
        int maxInactiveSeconds;
        boolean valid;
        long thisAccessedMs;
        String id;
        try {
            createdMs = (Long) in.readObject();
            lastAccessedMs = (Long) in.readObject();
            maxInactiveSeconds = (Integer) in.readObject();
            in.readObject(); // isNew
            valid = (Boolean) in.readObject();
            thisAccessedMs = (Long) in.readObject();
            id = (String) in.readObject();
        } catch (ClassNotFoundException | ClassCastException | NullPointerException e) {
            throw new StreamCorruptedException("not a Tomcat session (StandardSession.writeObjectData format): " + e);
        }
        Map<String, Object> attributes = new HashMap<>();
        List<AttributeProblem> problems = new ArrayList<>();
        ValueReader values = new ValueReader(in, id == null ? idHint : id, attributes, problems);
        String principalName = null;
        Object next = values.readValue("(count)");
        if (!values.broken() && !(next instanceof Integer)) {
            String authType = next instanceof String s ? s : null;
            Object principal = values.readValue("(principal)");
            if (principal instanceof Principal p) {
                attributes.put(PRINCIPAL_KEY, principal);
                principalName = p.getName();
                if (authType != null) {
                    attributes.put(AUTH_TYPE_KEY, authType);
                }
            }
            next = values.broken() ? null : values.readValue("(count)");
            if (!values.broken() && !(next instanceof Integer)) {
                // expected session id and saved request of a FORM login in progress: not carried over
                values.readValue("(saved request)");
                next = values.broken() ? null : values.readValue("(count)");
            }
        }
        if (!(next instanceof Integer count)) {
            values.lost(1);
            return new Decoded(session(id, createdMs, lastAccessedMs, thisAccessedMs, maxInactiveSeconds, valid,
                    principalName, attributes, problems), true);
        }
        for (int i = 0; i < count; i++) {
            Object name = values.readValue("(name " + (i + 1) + ")");
            if (values.broken() || !(name instanceof String s) || !values.read(s)) {
                values.lost(count - i - 1);
                return new Decoded(session(id, createdMs, lastAccessedMs, thisAccessedMs, maxInactiveSeconds, valid,
                        principalName, attributes, problems), true);
            }
        }
        return new Decoded(session(id, createdMs, lastAccessedMs, thisAccessedMs, maxInactiveSeconds, valid,
                principalName, attributes, problems), false);
    }

    private static LegacySession session(String id, long createdMs, long lastAccessedMs, long thisAccessedMs,
                                         int maxInactiveSeconds, boolean valid, String principal,
                                         Map<String, Object> attributes, List<AttributeProblem> problems) {
        long maxInactiveMs = maxInactiveSeconds <= 0 ? -1 : maxInactiveSeconds * 1000L;
        return new LegacySession(id, createdMs, Math.max(lastAccessedMs, thisAccessedMs), maxInactiveMs, valid,
                principal, attributes, problems);
    }
}
