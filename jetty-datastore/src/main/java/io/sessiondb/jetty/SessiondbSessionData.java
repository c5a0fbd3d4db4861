package io.sessiondb.jetty;

import io.sessiondb.core.Baseline;
import java.io.Serial;
import java.util.Map;
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
 */
public final class SessiondbSessionData extends SessionData {

    @Serial
    private static final long serialVersionUID = 1L;

    private transient Baseline baseline;
    private transient String storedId;
    private transient Map<String, String> client = Map.of();

    SessiondbSessionData(String id, String contextPath, String vhost, long created, long accessed,
                         long lastAccessed, long maxInactiveMs) {
        super(id, contextPath, vhost, created, accessed, lastAccessed, maxInactiveMs);
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
