package io.sessiondb.jetty;

import io.sessiondb.core.Baseline;
import io.sessiondb.core.StoredValue;
import java.io.Serial;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.session.SessionData;

/**
 * Jetty's session state plus what sessiondb knows the database holds for it: the store-core
 * {@link Baseline} and the id it was stored under. Made by {@link SessiondbDataStore#newSessionData}.
 *
 * <p>It always reports itself {@linkplain #isDirty() dirty}: a webapp may change an attribute value in
 * place without calling {@code setAttribute}, so Jetty cannot know whether the session changed.
 * Jetty then hands it to the store on every request and at response commit, and store-core compares
 * the serialized attributes with the baseline and writes only what really changed (nothing at all
 * when nothing did).
 *
 * <p>A loaded session's attributes arrive undecoded, as {@link StoredValue}s: each is deserialized the
 * first time it is asked for ({@code getAttribute}, or a {@code setAttribute} replacing or removing it,
 * whose listeners get the old value; listing the names reads them all, so that a name listed has a
 * value), so a request that reads one attribute of twenty deserializes one,
 * and a value never handed out is not serialized again at the save. A value that cannot be read is found
 * then: absent for the webapp, left stored. While the activation or passivation listeners are told
 * ({@link #whileTellingActivationListeners}), values that cannot be an {@code HttpSessionActivationListener}
 * (told by the class named at the head of their bytes) are not read.
 */
public final class SessiondbSessionData extends SessionData {

    @Serial
    private static final long serialVersionUID = 1L;

    private transient Baseline baseline;
    private transient String storedId;
    private transient Map<String, String> client = Map.of();
    /** The thread telling activation or passivation listeners, while it does. */
    private transient volatile Thread tellingListeners;

    SessiondbSessionData(String id, String contextPath, String vhost, long created, long accessed,
                         long lastAccessed, long maxInactiveMs) {
        super(id, contextPath, vhost, created, accessed, lastAccessed, maxInactiveMs);
    }

    @Override
    public Object getAttribute(String name) {
        Object value = super.getAttribute(name);
        if (!(value instanceof StoredValue stored)) {
            return value;
        }
        if (tellingListeners == Thread.currentThread() && !stored.mayBe(SessiondbSessionData::mayBeActivationListener)) {
            return null; // not read: it cannot be one of the listeners asked for
        }
        return decode(name, stored);
    }

    /** Reads the value it replaces first, so that the listeners told of the change get it, not its bytes. */
    @Override
    public Object setAttribute(String name, Object value) {
        if (name != null && super.getAttribute(name) instanceof StoredValue stored && decode(name, stored) == null) {
            _attributes.remove(name, stored); // unreadable: replaced or removed as an absent attribute
        }
        return super.setAttribute(name, value);
    }

    /**
     * @return the names of the attributes that can be read: listing them reads every value not read yet,
     * so that a name listed has a value; but while listeners are told, no value is read here
     */
    @Override
    public Set<String> getKeys() {
        Set<String> names = new HashSet<>();
        boolean telling = tellingListeners == Thread.currentThread();
        _attributes.forEach((name, value) -> {
            if (!(value instanceof StoredValue stored) || (telling ? !stored.isUnreadable() : decode(name, stored) != null)) {
                names.add(name);
            }
        });
        return names;
    }

    /** @return every attribute, each read now (those that cannot be read left out) */
    @Override
    public Map<String, Object> getAllAttributes() {
        Map<String, Object> all = new HashMap<>();
        for (String name : _attributes.keySet()) {
            Object value = getAttribute(name);
            if (value != null) {
                all.put(name, value);
            }
        }
        return Collections.unmodifiableMap(all);
    }

    /**
     * @return the attributes as they stand, reading none: a value not yet asked for (or found unreadable)
     * is its {@link StoredValue}, which a save leaves as stored
     */
    Map<String, Object> storedAttributes() {
        return new HashMap<>(_attributes);
    }

    /** Runs {@code tell} (Jetty telling the session's activation or passivation listeners) reading only values that may be one. */
    void whileTellingActivationListeners(Runnable tell) {
        tellingListeners = Thread.currentThread();
        try {
            tell.run();
        } finally {
            tellingListeners = null;
        }
    }

    /** Any servlet API's {@code HttpSessionActivationListener} (jakarta or javax), without depending on one. */
    private static boolean mayBeActivationListener(Class<?> type) {
        return ACTIVATION_LISTENER.get(type);
    }

    /** Asked for every stored attribute of every loaded session: the walk through the interfaces is made once per class. */
    private static final ClassValue<Boolean> ACTIVATION_LISTENER = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return implementsActivationListener(type);
        }
    };

    private static boolean implementsActivationListener(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getSimpleName().equals("HttpSessionActivationListener") || implementsActivationListener(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Object decode(String name, StoredValue stored) {
        Object value = stored.value();
        if (value != null) {
            _attributes.replace(name, stored, value);
        }
        return value;
    }

    /** @return always {@code true}: whether anything changed is decided by store-core from the baseline */
    @Override
    public boolean isDirty() {
        return true;
    }

    /** @return whether an attribute was set or removed since the last save (Jetty's own dirty flag) */
    boolean isAttributeDirty() {
        return super.isDirty();
    }

    /** @return the baseline for the next save, or {@code null} when this session was never stored under its id */
    Baseline baselineFor(String id) {
        return id.equals(storedId) ? baseline : null;
    }

    /** @return the client of the request that loaded or created this session; empty when unknown */
    Map<String, String> client() {
        return client;
    }

    /** Records the client of the request that loaded or created this session ({@code null}: unknown). */
    void client(Map<String, String> requestClient) {
        this.client = requestClient == null ? Map.of() : requestClient;
    }

    /** Records what the database holds after a load or a save under {@code id}. */
    void stored(String id, Baseline newBaseline) {
        this.storedId = id;
        this.baseline = newBaseline;
    }
}
