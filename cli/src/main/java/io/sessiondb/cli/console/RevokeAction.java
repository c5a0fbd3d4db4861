package io.sessiondb.cli.console;

import io.sessiondb.core.LogText;
import io.sessiondb.core.admin.SessionAdmin;
import java.lang.System.Logger.Level;

/**
 * What a revoke form asks for, once its CSRF token has been checked: one session by short id, or every
 * session of the filter's principal or attribute value (in its app, or in every app). Each revoke is
 * logged at INFO, the operator's audit trail.
 */
final class RevokeAction {

    private static final System.Logger LOG = System.getLogger(RevokeAction.class.getName());

    private RevokeAction() {
    }

    /**
     * @param shortId a session's short id, or {@code null}
     * @param all     revoke every session of {@code filter} (when {@code shortId} is null)
     * @return the number of sessions revoked
     * @throws IllegalArgumentException when the form names neither a session nor "all" with a principal or attribute
     */
    static int run(SessionAdmin admin, SessionFilter filter, String shortId, boolean all) {
        if (shortId != null && !shortId.isBlank()) {
            int revoked = admin.revoke(shortId);
            LOG.log(Level.INFO, "console: revoked session {0}: {1}", LogText.of(shortId), revoked);
            return revoked;
        }
        if (all && filter.principal() != null) {
            int revoked = admin.revokePrincipal(filter.app(), filter.principal());
            LOG.log(Level.INFO, "console: revoked {0} sessions of principal {1} in {2}",
                    revoked, LogText.of(filter.principal()), app(filter));
            return revoked;
        }
        if (all && filter.attributeName() != null) {
            int revoked = admin.revokeAttribute(filter.app(), filter.attributeName(), filter.attributeValue());
            LOG.log(Level.INFO, "console: revoked {0} sessions with attribute {1} in {2}",
                    revoked, LogText.of(filter.attributeName()), app(filter));
            return revoked;
        }
        throw new IllegalArgumentException("A revoke names one session, or all sessions of a principal or attribute value.");
    }

    private static String app(SessionFilter filter) {
        return filter.app() == null ? "every app" : "app " + LogText.of(filter.app());
    }
}
