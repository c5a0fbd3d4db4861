package io.sessiondb.cli.migrate;

/** Receives what a {@link LegacySource} reads, one session at a time. */
interface SessionSink {

    /** A live session, with the attributes that could be read and the problems of the others. */
    void session(LegacySession session);

    /** A session that is not carried over, and why (expired, invalidated). */
    void skipped(String id, String why);

    /** A session that could not be read at all, and why. */
    void failed(String id, String why);
}
