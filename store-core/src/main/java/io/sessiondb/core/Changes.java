package io.sessiondb.core;

import io.sessiondb.core.internal.AttributeCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a save must write: every attribute is serialized and its digest compared with the baseline,
 * so that a value mutated in place counts as changed and an unchanged one is not written.
 */
final class Changes {

    private final Map<String, byte[]> serialized = new HashMap<>();
    private final Map<String, byte[]> digests = new HashMap<>();
    private final Map<String, byte[]> upserts = new HashMap<>();
    private final List<String> removals = new ArrayList<>();
    private long totalBytes;
    private long upsertBytes;

    /**
     * @param baseline what the database holds, or {@code null} for a new session (everything is written)
     */
    Changes(SessionSnapshot session, Baseline baseline, AttributeCodec codec) {
        for (Map.Entry<String, Object> e : session.attributes().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            byte[] bytes = codec.serialize(e.getKey(), e.getValue());
            if (bytes == null) {
                continue; // not serializable: neither written nor removed
            }
            byte[] digest = AttributeCodec.digest(bytes);
            serialized.put(e.getKey(), bytes);
            digests.put(e.getKey(), digest);
            totalBytes += bytes.length;
            if (baseline == null || !baseline.sameDigest(e.getKey(), digest)) {
                upserts.put(e.getKey(), bytes);
                upsertBytes += bytes.length;
            }
        }
        if (baseline != null) {
            for (String name : baseline.attributeNames()) {
                if (session.attributes().get(name) == null) {
                    removals.add(name);
                }
            }
        }
    }

    Map<String, byte[]> serialized() {
        return serialized;
    }

    Map<String, byte[]> upserts() {
        return upserts;
    }

    List<String> removals() {
        return removals;
    }

    long totalBytes() {
        return totalBytes;
    }

    long upsertBytes() {
        return upsertBytes;
    }

    boolean attributesChanged() {
        return !upserts.isEmpty() || !removals.isEmpty();
    }

    /** @return the baseline after this change is written */
    Baseline next(SessionSnapshot session, Baseline previous) {
        Map<String, byte[]> known = previous == null ? new HashMap<>() : new HashMap<>(previous.digests());
        removals.forEach(known::remove);
        known.putAll(digests);
        long persisted = previous == null ? session.lastAccessedMs()
                : Math.max(previous.persistedAccessMs(), session.lastAccessedMs());
        return new Baseline(known, persisted, session.maxInactiveMs(), session.principal(), session.metadata());
    }
}
