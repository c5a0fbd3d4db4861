package io.sessiondb.tomcat;

import io.sessiondb.core.SessionSnapshot;
import java.security.Principal;
import java.util.Map;
import org.apache.catalina.Manager;
import org.apache.catalina.session.StandardSession;

/**
 * A {@link StandardSession} rebuilt from the database. It exists only to set the stored times, id and
 * attributes directly, as {@code StandardSession.readObjectData} does, without firing listeners or
 * registering with the manager; it behaves exactly like a {@code StandardSession} otherwise.
 */
final class SessiondbSession extends StandardSession {

    private static final long serialVersionUID = 1L;

    SessiondbSession(Manager manager, SessionSnapshot stored, Map<String, Object> attributes, Principal principal,
                     String authType) {
        super(manager);
        this.id = stored.id();
        this.creationTime = stored.createdMs();
        this.lastAccessedTime = stored.lastAccessedMs();
        this.thisAccessedTime = stored.lastAccessedMs();
        this.maxInactiveInterval = SessionMapper.toSeconds(stored.maxInactiveMs());
        this.isNew = false;
        this.isValid = true;
        this.principal = principal;
        this.authType = authType;
        this.attributes.putAll(attributes);
    }
}
