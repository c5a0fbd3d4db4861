package io.sessiondb.tomcat;

import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.StoredValue;
import jakarta.servlet.http.HttpSessionActivationListener;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Manager;
import org.apache.catalina.session.StandardSession;

/**
 * A {@link StandardSession} rebuilt from the database. It sets the stored times, id and attributes
 * directly, as {@code StandardSession.readObjectData} does, without firing listeners or registering with
 * the manager.
 *
 * <p>Its attributes arrive undecoded, as {@link StoredValue}s, and each is deserialized the first time
 * anything asks for it: {@code getAttribute}, a replacing {@code setAttribute} or a {@code removeAttribute}
 * (whose listeners get the old value), the session's expiry, its serialization. An activation or
 * passivation reads first the values that may be an {@code HttpSessionActivationListener} (told by the
 * class named at the head of their bytes), so those hear of it as they always did. Listing the names
 * reads every value (a name listed has a value). A value that cannot be read is absent for the webapp
 * (and stays stored); a value never asked for is never deserialized nor serialized again. Otherwise it
 * behaves exactly like a {@code StandardSession}.
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

    @Override
    public Object getAttribute(String name) {
        Object value = super.getAttribute(name);
        return value instanceof StoredValue stored ? decode(name, stored) : value;
    }

    /**
     * The names of the attributes that can be read: listing them reads every value not read yet, so that
     * a name listed always has a value, as before.
     */
    @Override
    public Enumeration<String> getAttributeNames() {
        if (!isValidInternal()) {
            throw new IllegalStateException(sm.getString("standardSession.getAttributeNames.ise"));
        }
        Set<String> names = new HashSet<>();
        attributes.forEach((name, value) -> {
            if (!(value instanceof StoredValue stored) || decode(name, stored) != null) {
                names.add(name);
            }
        });
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        decodeStored(name); // the listeners of a replaced value get it, not its bytes
        super.setAttribute(name, value, notify);
    }

    @Override
    protected void removeAttributeInternal(String name, boolean notify) {
        decodeStored(name);
        super.removeAttributeInternal(name, notify);
    }

    @Override
    public void activate() {
        decodeActivationListeners();
        super.activate();
    }

    @Override
    public void passivate() {
        decodeActivationListeners();
        super.passivate();
    }

    @Override
    protected void doWriteObject(ObjectOutputStream stream) throws IOException {
        attributes.forEach((name, value) -> {
            if (value instanceof StoredValue stored) {
                decode(name, stored); // one that cannot be read is left out, as a value that is not serializable
            }
        });
        super.doWriteObject(stream);
    }

    /**
     * @return the attributes as they stand, without deserializing any: a value not yet asked for (or found
     * unreadable) is its {@link StoredValue}
     */
    Map<String, Object> storedAttributes() {
        return new HashMap<>(attributes);
    }

    private void decodeActivationListeners() {
        attributes.forEach((name, value) -> {
            if (value instanceof StoredValue stored && stored.mayBe(HttpSessionActivationListener.class)) {
                decode(name, stored);
            }
        });
    }

    /** Deserializes attribute {@code name} if it is still a {@link StoredValue}; one found unreadable is dropped. */
    private void decodeStored(String name) {
        if (name != null && attributes.get(name) instanceof StoredValue stored && decode(name, stored) == null) {
            attributes.remove(name, stored);
        }
    }

    /** @return the value of {@code stored}, now in the session in its place; {@code null} when it cannot be read */
    private Object decode(String name, StoredValue stored) {
        Object value = stored.value();
        if (value != null) {
            attributes.replace(name, stored, value);
        }
        return value;
    }
}
