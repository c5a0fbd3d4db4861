package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sessiondb.core.SessionSnapshot;
import java.util.Map;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.session.StandardSession;
import org.junit.jupiter.api.Test;

class SessionMapperTest {

    private static StandardSession session() {
        StandardManager manager = new StandardManager();
        manager.setContext(new StandardContext());
        StandardSession session = new StandardSession(manager);
        session.setValid(true);
        session.setCreationTime(1_000);
        session.setMaxInactiveInterval(1800);
        session.setId("abc", false);
        return session;
    }

    @Test
    void maxInactiveIsSecondsInTomcatAndMillisecondsInTheStore() {
        assertEquals(1_800_000, SessionMapper.toMillis(1800));
        assertEquals(1800, SessionMapper.toSeconds(1_800_000));
        assertEquals(-1, SessionMapper.toMillis(0));
        assertEquals(-1, SessionMapper.toSeconds(-1));
    }

    @Test
    void snapshotCarriesTimesAndAttributes() {
        StandardSession session = session();
        session.setAttribute("cart", "apple", false);
        SessionSnapshot snapshot = new SessionMapper(null).snapshot(session, Map.of(), 0);
        assertEquals("abc", snapshot.id());
        assertEquals(1_000, snapshot.createdMs());
        assertEquals(1_800_000, snapshot.maxInactiveMs());
        assertEquals(Map.of("cart", "apple"), snapshot.attributes());
        assertNull(snapshot.principal());
    }

    @Test
    void principalComesFromTheAuthenticatedUserFirst() {
        StandardSession session = session();
        session.setAttribute("user", "bob", false);
        session.setPrincipal(new GenericPrincipal("alice", java.util.List.of()));
        assertEquals("alice", new SessionMapper("user").snapshot(session, Map.of(), 0).principal());
    }

    @Test
    void principalFallsBackToThePrincipalAttribute() {
        StandardSession session = session();
        session.setAttribute("user", "bob", false);
        assertEquals("bob", new SessionMapper("user").snapshot(session, Map.of(), 0).principal());
    }

    @Test
    void principalObjectIsStoredOnlyWhenTheManagerPersistsAuthentication() {
        StandardSession session = session();
        session.setPrincipal(new GenericPrincipal("alice", java.util.List.of()));
        assertFalse(new SessionMapper(null).snapshot(session, Map.of(), 0).attributes().containsKey(SessionMapper.PRINCIPAL_KEY));
        ((StandardManager) session.getManager()).setPersistAuthentication(true);
        assertEquals("alice", ((java.security.Principal) new SessionMapper(null).snapshot(session, Map.of(), 0).attributes()
                .get(SessionMapper.PRINCIPAL_KEY)).getName());
    }
}
