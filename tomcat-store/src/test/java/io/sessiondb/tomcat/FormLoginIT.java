package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.session.PersistentManager;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.junit.jupiter.api.Test;

/**
 * Container FORM login on two non-sticky nodes with {@code persistAuthentication="true"}: the login
 * page, the login and the original request are each served by a different node, the session id
 * changes on login (session fixation protection), and the user stays logged in on every node.
 */
class FormLoginIT {

    private static final Consumer<Context> FORM_LOGIN = context -> {
        context.setRealm(new TestRealm());
        SecurityCollection secure = new SecurityCollection();
        secure.addPatternDecoded("/secure/*");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("user");
        constraint.addCollection(secure);
        context.addConstraint(constraint);
        context.addSecurityRole("user");
        LoginConfig login = new LoginConfig();
        login.setAuthMethod("FORM");
        login.setLoginPage("/login-page?op=exists");
        login.setErrorPage("/login-error?op=exists");
        context.setLoginConfig(login);
        context.getPipeline().addValve(new FormAuthenticator());
    };

    @Test
    void loginOnOneNodeHoldsOnEveryNode() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("tomcat_form");
        Consumer<SessiondbStore> config = store -> {
            store.setJdbcUrl(TestDatabase.PG_URL);
            store.setTableName(table);
        };
        Consumer<PersistentManager> persistAuthentication = manager -> manager.setPersistAuthentication(true);
        try (EmbeddedNode a = EmbeddedNode.start("a", config, new SessiondbValve(), persistAuthentication, FORM_LOGIN);
             EmbeddedNode b = EmbeddedNode.start("b", config, new SessiondbValve(), persistAuthentication, FORM_LOGIN)) {
            Reply loginPage = Http.get(a.uri("").resolve("/secure/page?op=whoami"), null);
            assertEquals(200, loginPage.status());
            String beforeLogin = loginPage.sessionId();
            assertEquals(beforeLogin, loginPage.body(), "the login page was shown, in a session");
            // The authenticator closes the login page's response itself, so it can reach the browser a moment
            // before the valve has saved the session; a person takes longer than that to type a password.
            awaitStored(a, beforeLogin);

            Reply login = Http.postForm(b.uri("").resolve("/j_security_check"), beforeLogin, "j_username=alice&j_password=secret");
            assertEquals(303, login.status(), login.body());
            assertNotNull(login.location());
            assertTrue(login.location().endsWith("/secure/page?op=whoami"), login.location());
            String loggedIn = login.sessionId();
            assertNotEquals(beforeLogin, loggedIn, "the session id changes on login");

            assertEquals("alice", Http.get(a.uri("").resolve("/secure/page?op=whoami"), loggedIn).body());
            assertEquals("alice", Http.get(b.uri("").resolve("/secure/page?op=whoami"), loggedIn).body());
            assertEquals("alice", Http.get(a.uri("").resolve("/secure/page?op=whoami"), loggedIn).body());
            assertEquals("none", Http.get(b.uri("op=exists"), beforeLogin).body(), "the id before login is dead");
            assertEquals(1, b.store().getRepository().findByPrincipal("alice").size(), "the principal column holds the user");
            assertEquals(List.of(), endings(table), "the id change at login ended no session: no history row");

            assertEquals("ok", Http.get(a.uri("op=invalidate"), loggedIn).body());
            assertEquals(List.of("invalidated:alice"), endings(table), "a real invalidation writes its row");
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    /** @return the history rows of the table, as "ended_how:principal" */
    private static List<String> endings(String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.postgres();
             ResultSet rs = c.createStatement().executeQuery("SELECT ended_how, principal FROM " + table + "_history")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return rows;
    }

    private static void awaitStored(EmbeddedNode node, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (node.store().getRepository().load(id, FormLoginIT.class.getClassLoader()).isEmpty()) {
            assertTrue(System.currentTimeMillis() < deadline, "session " + id + " was saved");
            Thread.sleep(20);
        }
    }
}
