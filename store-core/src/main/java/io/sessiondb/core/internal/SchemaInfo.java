package io.sessiondb.core.internal;

/**
 * The schema record: its version and the random key that seals session ids when no idSecret is set.
 */
public record SchemaInfo(int version, byte[] sealKey) {

    /** The schema version this release creates and reads. */
    public static final int CURRENT_VERSION = 5;
}
