package io.sessiondb.tomcat;

import io.sessiondb.core.Baseline;

/**
 * What this node knows the database holds for a session: the id it is stored under and the baseline
 * of its last load or save. Kept as a session note, which Tomcat never serializes; the id tells a
 * save that Tomcat changed the session id since.
 *
 * @param storedId the id of the stored row
 * @param baseline the baseline to hand to the next save
 */
record StoredState(String storedId, Baseline baseline) {

    /** Name of the session note holding a {@code StoredState}. */
    static final String NOTE = "io.sessiondb.tomcat.stored";
}
