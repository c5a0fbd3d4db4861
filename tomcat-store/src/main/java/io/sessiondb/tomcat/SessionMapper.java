package io.sessiondb.tomcat;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.StoredValue;
import java.io.Serializable;
import java.security.Principal;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Manager;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardSession;

/**
 * Converts between Tomcat's {@link StandardSession} and sessiondb's {@link SessionSnapshot}. Times are
 * epoch milliseconds on both sides; the max inactive interval is seconds in Tomcat and milliseconds in
 * sessiondb.
 */
final class SessionMapper {

    /**
     * Attribute under which the authenticated {@link Principal} itself is stored when the Manager's
     * {@code persistAuthentication} is true; never visible to the webapp.
     */
    static final String PRINCIPAL_KEY = "io.sessiondb.tomcat.principal";
    /** Attribute under which the authentication type is stored alongside {@link #PRINCIPAL_KEY}. */
    static final String AUTH_TYPE_KEY = "io.sessiondb.tomcat.authType";
    /** Prefix of the attributes holding the FORM login notes, stored alongside {@link #PRINCIPAL_KEY}. */
    static final String NOTE_PREFIX = "io.sessiondb.tomcat.note.";
    /**
     * The session notes of a FORM login in progress (the saved request, the expected session id): kept
     * so that the login page, the login and the original request may each be served by another node.
     */
    private static final List<String> LOGIN_NOTES = List.of(Constants.FORM_REQUEST_NOTE, Constants.SESSION_ID_NOTE);

    private final String principalAttribute;

    /** @param principalAttribute attribute naming the user when there is no authenticated principal, or {@code null} */
    SessionMapper(String principalAttribute) {
        this.principalAttribute = principalAttribute;
    }

    /**
     * @param metadata the client of the request that saves it ({@link io.sessiondb.core.ClientInfo}), or empty
     *                 outside a request (the store then keeps what it holds)
     * @param accessedMs an access to count besides the session's own (the time of a request's save), or 0
     * @return the state of {@code session} to save; attributes Tomcat would not distribute are left out
     */
    SessionSnapshot snapshot(StandardSession session, Map<String, String> metadata, long accessedMs) {
        Manager manager = session.getManager();
        Map<String, Object> attributes = new HashMap<>();
        attributesOf(session).forEach((name, value) -> {
            // a value never handed out is saved as stored, without being read to check it
            if (value instanceof StoredValue || !(manager instanceof ManagerBase base) || base.willAttributeDistribute(name, value)) {
                attributes.put(name, value);
            }
        });
        Principal principal = session.getPrincipal();
        if (manager instanceof ManagerBase base && base.getPersistAuthentication()) {
            addAuthentication(session, principal, attributes);
        }
        long lastAccessedMs = Math.max(accessedMs,
                Math.max(session.getLastAccessedTimeInternal(), session.getThisAccessedTimeInternal()));
        return new SessionSnapshot(session.getIdInternal(), session.getCreationTimeInternal(), lastAccessedMs,
                toMillis(session.getMaxInactiveInterval()), principalName(session, principal), metadata, attributes);
    }

    /** @return the attributes of {@code session}, those of a loaded session not read yet as their {@link StoredValue} */
    private static Map<String, Object> attributesOf(StandardSession session) {
        if (session instanceof SessiondbSession loaded) {
            return loaded.storedAttributes();
        }
        Map<String, Object> attributes = new HashMap<>();
        Enumeration<String> names = session.getAttributeNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            Object value = session.getAttribute(name);
            if (value != null) {
                attributes.put(name, value);
            }
        }
        return attributes;
    }

    /**
     * The authentication state Tomcat keeps outside the attributes, stored under reserved attribute
     * names when the Manager's {@code persistAuthentication} is true.
     */
    private static void addAuthentication(StandardSession session, Principal principal, Map<String, Object> attributes) {
        if (principal instanceof Serializable) {
            attributes.put(PRINCIPAL_KEY, principal);
            if (session.getAuthType() != null) {
                attributes.put(AUTH_TYPE_KEY, session.getAuthType());
            }
        }
        for (String note : LOGIN_NOTES) {
            Object value = session.getNote(note);
            if (value instanceof Serializable) {
                attributes.put(NOTE_PREFIX + note, value);
            }
        }
    }

    /**
     * @param loaded a session loaded lazily ({@link io.sessiondb.core.SessionRepository#loadLazily}): its values are
     *               read when first used, but for the authentication state, read here
     * @return a session holding what was loaded, not yet known to the manager, with no listener fired
     */
    SessiondbSession toSession(LoadedSession loaded, Manager manager) {
        SessionSnapshot stored = loaded.session();
        Map<String, Object> attributes = new HashMap<>(stored.attributes());
        Object principal = StoredValue.unwrap(attributes.remove(PRINCIPAL_KEY));
        Object authType = StoredValue.unwrap(attributes.remove(AUTH_TYPE_KEY));
        Map<String, Object> notes = new HashMap<>();
        for (String note : LOGIN_NOTES) {
            Object value = StoredValue.unwrap(attributes.remove(NOTE_PREFIX + note));
            if (value != null) {
                notes.put(note, value);
            }
        }
        SessiondbSession session = new SessiondbSession(manager, stored, attributes,
                principal instanceof Principal p ? p : null, authType instanceof String s ? s : null);
        notes.forEach(session::setNote);
        return session;
    }

    private String principalName(StandardSession session, Principal principal) {
        if (principal != null && principal.getName() != null) {
            return principal.getName();
        }
        if (principalAttribute != null) {
            Object value = session.getAttribute(principalAttribute);
            return value == null ? null : value.toString();
        }
        return null;
    }

    /** @return Tomcat's interval in seconds for sessiondb's milliseconds; -1 (never) for zero or less */
    static int toSeconds(long maxInactiveMs) {
        if (maxInactiveMs <= 0) {
            return -1;
        }
        return (int) Math.min(Integer.MAX_VALUE, (maxInactiveMs + 999) / 1000);
    }

    /** @return sessiondb's milliseconds for Tomcat's interval in seconds; -1 (never) for zero or less */
    static long toMillis(int maxInactiveSeconds) {
        return maxInactiveSeconds <= 0 ? -1 : maxInactiveSeconds * 1000L;
    }
}
