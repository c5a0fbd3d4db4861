package io.sessiondb.core;

import java.util.Set;

/**
 * A session read by {@link SessionRepository#load}.
 *
 * <p>An expired or revoked session is still returned, with {@link #expired()} true, so that a container can fire
 * its destroy listeners: it must first win {@link SessionRepository#claimExpired(String)} and treat
 * the session as absent when it does not.
 *
 * @param session      the stored state; its attribute map is a fresh mutable map
 * @param lastNode     name of the node that wrote the session last
 * @param version      number of writes of the session row so far (on PostgreSQL a save that changes only
 *                     attributes, with no touch due, locks the row without writing it)
 * @param expired      whether the session had expired (or was claimed for expiry) when it was read
 * @param baseline     what was loaded, to hand back to {@link SessionRepository#save} so that only
 *                     changes are written
 * @param unreadable   names of attributes that could not be deserialized and were left out; they
 *                     stay in the database untouched
 * @param revoked      whether an operator revoked the session: it is then {@link #expired()} too, dead for
 *                     every request, and the expiry protocol expires it even when it is in use
 */
public record LoadedSession(SessionSnapshot session, String lastNode, long version, boolean expired,
                            Baseline baseline, Set<String> unreadable, boolean revoked) {
}
