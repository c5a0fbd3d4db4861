package io.sessiondb.core;

import io.sessiondb.core.internal.AttributeCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a save must write: every attribute is serialized and its digest compared with the baseline,
 * so that a value mutated in place counts as changed and an unchanged one is not written. The one
 * shortcut: an immutable value that is the very instance loaded cannot have changed.
 */
final class Changes {

    /**
     * Longest attribute name stored, in characters (code points): {@value}, MariaDB's {@code VARCHAR(255)}
     * and the limit on every database, so that a name behaves the same everywhere.
     */
    static final int MAX_NAME_CHARS = 255;

    /**
     * A name a webapp took from a request (legacy code does) may hold what a database refuses: more than
     * {@value #MAX_NAME_CHARS} characters, a NUL (PostgreSQL text cannot hold one) or half of a surrogate
     * pair (not UTF-8). Such an attribute is skipped, so that one hostile request parameter cannot make
     * every save of the session fail.
     *
     * @return why no database can store {@code name}, or {@code null} when every one can
     */
    static String unstorableName(String name) {
        if (name.length() > MAX_NAME_CHARS && name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
            return "its name is " + name.codePointCount(0, name.length()) + " characters long, more than the "
                    + MAX_NAME_CHARS + " every database stores";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0) {
                return "its name holds a NUL character, which PostgreSQL cannot store";
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "its name holds half of a surrogate pair, which is not UTF-8";
            }
        }
        return null;
    }

    private final Map<String, byte[]> serialized = new HashMap<>();
    private final Map<String, byte[]> digests = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private final Map<String, Object> immutableValues = new HashMap<>();
    private final Map<String, byte[]> upserts = new HashMap<>();
    private final List<String> removals = new ArrayList<>();
    private long totalBytes;

    /**
     * @param baseline  what the database holds, or {@code null} for a new session (everything is written)
     * @param unstorable told the name of each attribute skipped because no database can store its name
     *                   ({@link #unstorableName})
     */
    Changes(SessionSnapshot session, Baseline baseline, AttributeCodec codec, Consumer<String> unstorable) {
        for (Map.Entry<String, Object> e : session.attributes().entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            if (unstorableName(name) != null) {
                unstorable.accept(name); // like a non-serializable value: neither written nor removed
                continue;
            }
            byte[] storedBytes = null;
            if (value instanceof StoredValue stored) {
                if (!stored.isUntouched()) {
                    value = stored.value();
                } else if (baseline != null && baseline.sizes().containsKey(name) && !baseline.needsRewrite(name)) {
                    int size = baseline.sizes().get(name); // never handed out: the stored bytes are the value
                    sizes.put(name, size);
                    totalBytes += size;
                    continue;
                } else if (stored.isUnreadable()) {
                    continue; // like an unreadable attribute at a load: neither written nor removed
                } else {
                    // a session stored again under a new id, or a value to re-encrypt: its bytes as they are
                    storedBytes = stored.bytes();
                }
            }
            if (Immutables.is(value)) {
                immutableValues.put(name, value);
            }
            if (storedBytes == null && baseline != null && baseline.holdsUnchanged(name, value)) {
                int size = baseline.sizes().get(name);
                sizes.put(name, size);
                totalBytes += size;
                continue;
            }
            byte[] bytes = storedBytes != null ? storedBytes : codec.serialize(name, value);
            if (bytes == null) {
                continue; // not serializable: neither written nor removed
            }
            byte[] digest = AttributeCodec.digest(bytes);
            serialized.put(name, bytes);
            digests.put(name, digest);
            sizes.put(name, bytes.length);
            totalBytes += bytes.length;
            if (baseline == null || !baseline.holdsSame(name, bytes, digest)) {
                upserts.put(name, bytes);
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

    /** @return every attribute serialized by this save (all of them for a new session) */
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

    /** @return the number of attributes the session holds after this save (those that can be stored) */
    int attributeCount() {
        return sizes.size();
    }

    boolean attributesChanged() {
        return !upserts.isEmpty() || !removals.isEmpty();
    }

    /**
     * @param accessWritten whether the write stored the access time (else the baseline keeps the old one,
     *                      so that the touch falls due as if nothing had been written)
     * @param version       the row's version after the write, as far as this node can tell
     * @param metadata      the metadata the database holds after the write
     * @return the baseline after this change is written
     */
    Baseline next(SessionSnapshot session, Baseline previous, boolean accessWritten, long version,
                  Map<String, String> metadata) {
        Map<String, byte[]> knownDigests = previous == null ? new HashMap<>() : new HashMap<>(previous.digests());
        Map<String, StoredValue> knownValues = previous == null ? new HashMap<>() : new HashMap<>(previous.loadedValues());
        Map<String, Integer> knownSizes = previous == null ? new HashMap<>() : new HashMap<>(previous.sizes());
        removals.forEach(knownDigests::remove);
        removals.forEach(knownValues::remove);
        removals.forEach(knownSizes::remove);
        knownDigests.putAll(digests);
        digests.keySet().forEach(knownValues::remove);
        knownSizes.putAll(sizes);
        long persisted = previous == null ? session.lastAccessedMs()
                : accessWritten ? Math.max(previous.persistedAccessMs(), session.lastAccessedMs())
                : previous.persistedAccessMs();
        return new Baseline(knownDigests, knownValues, knownSizes, immutableValues, persisted, session.maxInactiveMs(),
                session.principal(), metadata, version);
    }
}
