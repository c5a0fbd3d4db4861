package io.sessiondb.core;

/**
 * What {@link SessionRepository#save} did.
 *
 * @param outcome            what was written
 * @param baseline           the baseline to hand to the next save of this session
 * @param attributesWritten  number of attributes inserted or overwritten
 * @param attributesRemoved  number of attributes deleted
 * @param bytesWritten       serialized bytes of the attributes written
 */
public record SaveResult(Outcome outcome, Baseline baseline, int attributesWritten, int attributesRemoved,
                         long bytesWritten) {

    /** What a save did. */
    public enum Outcome {
        /** A new session was inserted with all of its attributes. */
        INSERTED,
        /** Changed attributes and the session row were written. */
        UPDATED,
        /** Nothing changed but the access time, which was due to be written. */
        TOUCHED,
        /** Nothing changed and no touch was due: no statement was run. */
        UNCHANGED,
        /** The session no longer exists (invalidated, expired or renamed elsewhere): nothing was written. */
        GONE
    }
}
