package io.sessiondb.core;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What the database holds for a session as far as this node knows: a digest of each attribute's
 * serialized form (or, for a value loaded lazily and not written since, its {@link StoredValue}: the stored
 * bytes, compared as they are when a save needs to, never hashed) and the row values last written. Opaque to adapters, which keep it beside the
 * session (a Tomcat note, a Jetty {@code SessionData} field) and hand it back to the next save.
 * Immutable.
 */
public final class Baseline {

    private final Map<String, byte[]> digests;
    /**
     * Values loaded lazily and not written since: a load that hashed every value would pay for values no
     * one reads (a 256 KiB value costs a SHA-256 of 256 KiB on every request). The same objects the
     * session was handed. A name is in this map or in {@link #digests}, not both.
     */
    private final Map<String, StoredValue> loadedValues;
    private final Map<String, Integer> sizes;
    private final Map<String, Object> immutableValues;
    private final long persistedAccessMs;
    private final long maxInactiveMs;
    private final String principal;
    private final Map<String, String> metadata;
    private final long version;

    /** @param version the row's version as this node last knew it (loaded or written), 0 if unknown */
    Baseline(Map<String, byte[]> digests, Map<String, Integer> sizes, Map<String, Object> immutableValues,
             long persistedAccessMs, long maxInactiveMs, String principal, Map<String, String> metadata, long version) {
        this(digests, Map.of(), sizes, immutableValues, persistedAccessMs, maxInactiveMs, principal, metadata, version);
    }

    /** @param loadedValues values loaded lazily, by name, for names that have no entry in {@code digests} */
    Baseline(Map<String, byte[]> digests, Map<String, StoredValue> loadedValues, Map<String, Integer> sizes,
             Map<String, Object> immutableValues, long persistedAccessMs, long maxInactiveMs, String principal,
             Map<String, String> metadata, long version) {
        this.digests = Map.copyOf(digests);
        this.loadedValues = Map.copyOf(loadedValues);
        this.sizes = Map.copyOf(sizes);
        this.immutableValues = Map.copyOf(immutableValues);
        this.persistedAccessMs = persistedAccessMs;
        this.maxInactiveMs = maxInactiveMs;
        this.principal = principal;
        this.metadata = Map.copyOf(metadata);
        this.version = version;
    }

    long version() {
        return version;
    }

    /** @return the digests known, for the names not in {@link #loadedValues()} */
    Map<String, byte[]> digests() {
        return digests;
    }

    /** @return the values loaded lazily and not written since, for the names not in {@link #digests()} */
    Map<String, StoredValue> loadedValues() {
        return loadedValues;
    }

    Map<String, Integer> sizes() {
        return sizes;
    }

    /**
     * @return whether {@code value} is the very instance this baseline was taken from and of an
     * immutable class, so that it cannot have changed and need not be serialized to find out
     */
    boolean holdsUnchanged(String name, Object value) {
        if (immutableValues.get(name) == value && Immutables.is(value)) {
            return true;
        }
        StoredValue loaded = loadedValues.get(name);
        return loaded != null && value != null && loaded.decodedValue() == value && Immutables.is(value);
    }

    long persistedAccessMs() {
        return persistedAccessMs;
    }

    /**
     * @return whether the stored value must be written again though it did not change: it is not under
     *         the first encryption key (plain, or an older key), which the load marks with an empty digest
     */
    boolean needsRewrite(String name) {
        byte[] known = digests.get(name);
        return known != null && known.length == 0;
    }

    /**
     * @param bytes  the value's serialized form now
     * @param digest its digest ({@link io.sessiondb.core.internal.AttributeCodec#digest})
     * @return whether the database holds exactly these bytes for {@code name}
     */
    boolean holdsSame(String name, byte[] bytes, byte[] digest) {
        StoredValue loaded = loadedValues.get(name);
        if (loaded != null) {
            return Arrays.equals(loaded.bytes(), bytes);
        }
        byte[] known = digests.get(name);
        return known != null && Arrays.equals(known, digest);
    }

    /**
     * The client keys of the metadata never count: they are written with a write that is due anyway
     * and never cause one. An empty metadata document means "keep the stored one".
     */
    boolean sameRow(SessionSnapshot session) {
        return maxInactiveMs == session.maxInactiveMs()
                && Objects.equals(principal, session.principal())
                && sameMetadata(session.metadata());
    }

    /** @return whether {@code other}'s document (its metadata but the client keys) is empty or the stored one */
    boolean sameMetadata(Map<String, String> other) {
        Map<String, String> document = Metadata.document(other);
        return document.isEmpty() || document.equals(Metadata.document(metadata));
    }

    /** @return the metadata the database holds, client keys included, as far as this node knows */
    Map<String, String> metadata() {
        return metadata;
    }

    /** @return the names of the attributes this baseline knows */
    public java.util.Set<String> attributeNames() {
        if (loadedValues.isEmpty()) {
            return digests.keySet();
        }
        if (digests.isEmpty()) {
            return loadedValues.keySet();
        }
        java.util.Set<String> names = new java.util.HashSet<>(digests.keySet());
        names.addAll(loadedValues.keySet());
        return java.util.Collections.unmodifiableSet(names);
    }
}
