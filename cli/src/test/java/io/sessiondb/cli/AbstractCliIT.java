package io.sessiondb.cli;

import static io.sessiondb.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessiondb.cli.console.TomcatNode;
import io.sessiondb.core.ClientInfo;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.internal.SchemaInfo;
import io.sessiondb.core.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each command of {@code sessiondb-cli} on a table written by real sessions ({@link SessionRepository#save}):
 * app shop holds two active sessions of alice, one of bob, one anonymous and one expired session of alice;
 * app blog one session of alice. A real embedded Tomcat node (the sessiondb store, non-sticky) writes app
 * tomcat for {@link #statsSessionsAndRevokeOnSessionsATomcatNodeWrote}. Subclasses name the database.
 */
abstract class AbstractCliIT {

    static final String NODE = "node-a";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    final String table = TestDatabase.uniqueTable("cli_cmds");
    final long now = System.currentTimeMillis();
    final List<String> shopIds = new ArrayList<>();

    /** @return the JDBC URL as a user types it */
    abstract String url();

    /** @return a repository config on that database */
    abstract SessiondbConfig config(String table, String app);

    /** Drops every table of {@code table}. */
    abstract void drop(String table);

    @BeforeEach
    void writeSessions() {
        try (SessionRepository shop = SessionRepository.start(named(config(table, "shop")));
             SessionRepository blog = SessionRepository.start(named(config(table, "blog")))) {
            shopIds.add(save(shop, "alice", now - 5_000, 1_800_000, Map.of("cart", "coffee,tea", "visits", 3, "tenant", "acme")));
            shopIds.add(save(shop, "alice", now - 1_000, 1_800_000, Map.of("visits", 1)));
            shopIds.add(save(shop, "bob", now - 2_000, 1_800_000, Map.of("visits", 7, "tenant", "acme"),
                    ClientInfo.of("203.0.113.7", IPHONE)));
            shopIds.add(save(shop, null, now - 3_000, 1_800_000, Map.of("visits", 2)));
            shopIds.add(save(shop, "alice", now - 120_000, 60_000, Map.of("visits", 9))); // expired a minute ago
            save(blog, "alice", now - 4_000, 1_800_000, Map.of("draft", "hello"));
        }
    }

    @AfterEach
    void dropTables() {
        drop(table);
    }

    private static SessiondbConfig named(SessiondbConfig config) {
        config.setNodeName(NODE);
        config.setIndexedAttributes("tenant");
        return config;
    }

    private static String save(SessionRepository repository, String principal, long accessMs, long maxInactiveMs,
                               Map<String, Object> attributes) {
        return save(repository, principal, accessMs, maxInactiveMs, attributes, Map.of());
    }

    private static String save(SessionRepository repository, String principal, long accessMs, long maxInactiveMs,
                               Map<String, Object> attributes, Map<String, String> metadata) {
        String id = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        repository.save(new SessionSnapshot(id, accessMs, accessMs, maxInactiveMs, principal, metadata, attributes), null);
        return id;
    }

    /** Runs {@code sessiondb-cli --jdbc-url URL --table T args...}. */
    CliRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", url(), "--table", table));
        all.addAll(List.of(args));
        return cli().run(all.toArray(String[]::new));
    }

    @Test
    void statsJsonCountsTheTable() {
        CliRun.Result run = run("--app", "shop", "stats", "--json");
        assertEquals(SessiondbCli.OK, run.status(), run.err());
        JsonNode stats = run.json();
        assertEquals(5, stats.get("sessions").asLong(), "stored sessions, the expired one included");
        assertEquals(4, stats.get("active").asLong());
        assertEquals(2, stats.get("principals").asLong(), "alice and bob");
        assertEquals(4, sum(stats.get("byClientType")), stats.toString());
        assertEquals(4, stats.get("byNode").get(NODE).asLong(), stats.toString());
        JsonNode perDay = stats.get("createdPerDay");
        assertEquals(30, perDay.size(), stats.toString());
        JsonNode today = perDay.get(perDay.size() - 1);
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), today.get("day").asText());
        assertEquals(5, today.get("count").asLong(), stats.toString());
        JsonNode perWeek = stats.get("createdPerWeek");
        assertEquals(12, perWeek.size(), stats.toString());
        assertTrue(perWeek.get(11).get("count").asLong() >= 5, stats.toString());
        assertTrue(stats.get("avgDurationSeconds").isNumber() && stats.get("p95DurationSeconds").isNumber(), stats.toString());
        assertEquals(0, stats.get("historyRows").asLong(), "no session has ended yet");

        JsonNode everyApp = run("stats", "--json").json();
        assertEquals(6, everyApp.get("sessions").asLong(), everyApp.toString());
        assertEquals(5, everyApp.get("active").asLong(), everyApp.toString());
    }

    @Test
    void statsTextIsATable() {
        CliRun.Result run = run("stats", "--app", "shop");
        assertEquals(SessiondbCli.OK, run.status(), run.err());
        assertTrue(run.out().matches("(?s).*\\nsessions +5\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\nactive +4\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\n" + NODE + " +4\\n.*"), run.out());
    }

    @Test
    void sessionsJsonListsEveryFieldNewestFirst() {
        CliRun.Result run = run("--app", "shop", "sessions", "--principal", "alice", "--json");
        assertEquals(SessiondbCli.OK, run.status(), run.err());
        JsonNode page = run.json();
        assertTrue(page.has("next") && page.get("next").isNull(), page.toString());
        JsonNode sessions = page.get("sessions");
        assertEquals(2, sessions.size(), "the expired session is left out without --all: " + page);
        JsonNode newest = sessions.get(0);
        assertTrue(newest.get("id").asText().matches("[0-9a-f]{16}"), newest.toString());
        assertEquals("shop", newest.get("app").asText());
        assertEquals("alice", newest.get("principal").asText());
        assertEquals(Instant.ofEpochMilli(now - 1_000), Instant.parse(newest.get("created").asText()));
        assertEquals(Instant.ofEpochMilli(now - 1_000), Instant.parse(newest.get("lastAccess").asText()));
        assertEquals(Instant.ofEpochMilli(now - 1_000 + 1_800_000), Instant.parse(newest.get("expires").asText()));
        assertTrue(newest.get("lastAccess").asText().endsWith("Z"), "UTC: " + newest);
        assertEquals("active", newest.get("status").asText());
        assertEquals(NODE, newest.get("node").asText());
        assertEquals(1, newest.get("attributes").asInt());
        assertTrue(newest.get("bytes").asLong() > 0, newest.toString());
        for (String field : new String[] {"clientAddress", "userAgent", "clientType", "createdNode"}) {
            assertTrue(newest.has(field), field + " is present: " + newest);
        }
        JsonNode older = sessions.get(1);
        assertEquals(3, older.get("attributes").asInt());
        assertEquals(Instant.ofEpochMilli(now - 5_000), Instant.parse(older.get("lastAccess").asText()));
        assertFalse(run.out().contains(shopIds.get(0)) || run.out().contains("coffee"),
                "no session id, no attribute value: " + run.out());

        JsonNode all = run("--app", "shop", "sessions", "--principal", "alice", "--all", "--json").json();
        assertEquals(3, all.get("sessions").size(), all.toString());
        assertEquals("expired", all.get("sessions").get(2).get("status").asText(), all.toString());

        JsonNode everyApp = run("sessions", "--principal", "alice", "--json").json();
        assertEquals(3, everyApp.get("sessions").size(), "shop's two and blog's one: " + everyApp);
    }

    @Test
    void sessionsShowTheClientOfTheLastWrite() {
        JsonNode bob = run("--app", "shop", "sessions", "--principal", "bob", "--json").json().get("sessions").get(0);
        assertEquals("203.0.113.7", bob.get("clientAddress").asText(), bob.toString());
        assertEquals(IPHONE, bob.get("userAgent").asText());
        assertEquals("mobile", bob.get("clientType").asText());
        assertEquals(NODE, bob.get("createdNode").asText());
        assertEquals(1, run("--app", "shop", "stats", "--json").json().get("byClientType").get("mobile").asLong());
        CliRun.Result text = run("--app", "shop", "sessions", "--principal", "bob");
        assertTrue(text.out().contains("203.0.113.7  mobile"), text.out());
    }

    @Test
    void sessionsAndRevokeByAnIndexedAttribute() {
        JsonNode acme = run("--app", "shop", "sessions", "--attribute", "tenant=acme", "--json").json().get("sessions");
        assertEquals(2, acme.size(), acme.toString());
        assertFalse(acme.toString().contains("acme"), "no attribute value in the output: " + acme);
        CliRun.Result revoke = run("--app", "shop", "revoke", "--attribute", "tenant=acme", "--json");
        assertEquals(SessiondbCli.OK, revoke.status(), revoke.all());
        assertEquals(2, revoke.json().get("revoked").asInt());
        assertEquals(2, run("--app", "shop", "stats", "--json").json().get("active").asLong(), "alice's newer and the anonymous");
        assertEquals(SessiondbCli.NO_MATCH, run("--app", "shop", "revoke", "--attribute", "tenant=acme").status());
    }

    @Test
    void sessionsPagesWithTheCursor() {
        JsonNode first = run("--app", "shop", "sessions", "--principal", "alice", "--limit", "1", "--json").json();
        assertEquals(1, first.get("sessions").size(), first.toString());
        assertFalse(first.get("next").isNull(), first.toString());
        JsonNode second = run("--app", "shop", "sessions", "--principal", "alice", "--limit", "1",
                "--after", first.get("next").asText(), "--json").json();
        assertEquals(1, second.get("sessions").size(), second.toString());
        assertEquals(Instant.ofEpochMilli(now - 5_000), Instant.parse(second.get("sessions").get(0).get("lastAccess").asText()));
        assertTrue(second.get("next").isNull() || run("--app", "shop", "sessions", "--principal", "alice", "--limit", "1",
                "--after", second.get("next").asText(), "--json").json().get("sessions").isEmpty(), second.toString());
    }

    @Test
    void sessionsTextIsAnAlignedTable() {
        CliRun.Result run = run("sessions", "--principal", "alice", "--app", "shop");
        assertEquals(SessiondbCli.OK, run.status(), run.err());
        String[] lines = run.out().split("\n");
        assertTrue(lines[0].startsWith("ID ") && lines[0].contains("PRINCIPAL") && lines[0].contains("LAST ACCESS"), run.out());
        int status = lines[0].indexOf("STATUS");
        assertEquals("active", lines[1].substring(status, status + 6), run.out());
        assertEquals("active", lines[2].substring(status, status + 6), run.out());
        assertEquals("2 sessions", lines[3], run.out());
    }

    @Test
    void revokeOneSessionThenItIsRevokedAndASecondRevokeMatchesNothing() {
        String id = run("--app", "shop", "sessions", "--principal", "bob", "--json").json()
                .get("sessions").get(0).get("id").asText();
        CliRun.Result revoke = run("revoke", "--session", id, "--json");
        assertEquals(SessiondbCli.OK, revoke.status(), revoke.err());
        assertEquals(1, revoke.json().get("revoked").asInt());
        JsonNode bob = run("--app", "shop", "sessions", "--principal", "bob", "--all", "--json").json().get("sessions");
        assertEquals("revoked", bob.get(0).get("status").asText(), bob.toString());

        CliRun.Result again = run("revoke", "--session", id, "--json");
        assertEquals(SessiondbCli.NO_MATCH, again.status());
        assertEquals(0, again.json().get("revoked").asInt());
        assertTrue(again.err().contains("nothing matched"), again.err());
    }

    @Test
    void revokeOfAnUnknownSessionExitsFour() {
        CliRun.Result run = run("revoke", "--session", "0123456789abcdef");
        assertEquals(SessiondbCli.NO_MATCH, run.status(), run.all());
        assertEquals("revoked 0 sessions\n", run.out());
    }

    @Test
    void revokePrincipalRevokesOnlyThatUserInThatApp() {
        CliRun.Result run = run("--app", "shop", "revoke", "--principal", "alice", "--json");
        assertEquals(SessiondbCli.OK, run.status(), run.err());
        int revoked = run.json().get("revoked").asInt();
        assertTrue(revoked == 2 || revoked == 3, "alice's active sessions, the expired one maybe: " + run.out());
        assertEquals("active", run("--app", "blog", "sessions", "--principal", "alice", "--json").json()
                .get("sessions").get(0).get("status").asText(), "blog's session of alice is untouched");
        assertEquals("active", run("--app", "shop", "sessions", "--principal", "bob", "--json").json()
                .get("sessions").get(0).get("status").asText());
    }

    @Test
    void revokeAllAsksAndANoChangesNothing() {
        CliRun.Result declined = cli().stdin("n\n").run("--jdbc-url", url(), "--table", table, "--app", "shop",
                "revoke", "--all");
        assertEquals(SessiondbCli.FAILED, declined.status(), declined.all());
        assertTrue(declined.err().contains("Revoke every session of app shop? [y/N]"), declined.err());
        assertTrue(declined.err().contains("nothing revoked"), declined.err());
        assertEquals("", declined.out());
        JsonNode stats = run("--app", "shop", "stats", "--json").json();
        assertEquals(4, stats.get("active").asLong(), "nothing was revoked: " + stats);

        CliRun.Result yes = cli().stdin("y\n").run("--jdbc-url", url(), "--table", table, "--app", "shop",
                "revoke", "--all", "--json");
        assertEquals(SessiondbCli.OK, yes.status(), yes.all());
        assertTrue(yes.json().get("revoked").asInt() >= 4, yes.out());
        assertEquals(0, run("--app", "shop", "stats", "--json").json().get("active").asLong());
        assertEquals(1, run("--app", "blog", "stats", "--json").json().get("active").asLong(), "another app is untouched");
    }

    @Test
    void revokeAllWithYesDoesNotAsk() {
        CliRun.Result run = run("--app", "blog", "revoke", "--all", "--yes");
        assertEquals(SessiondbCli.OK, run.status(), run.all());
        assertEquals("revoked 1 session\n", run.out());
        assertFalse(run.err().contains("[y/N]"), run.err());
    }

    @Test
    void purgeDeletesTheExpiredAndRevokedSessions() {
        assertEquals(SessiondbCli.OK, run("--app", "shop", "revoke", "--principal", "bob").status());
        CliRun.Result purge = run("purge", "--json");
        assertEquals(SessiondbCli.OK, purge.status(), purge.err());
        assertEquals(2, purge.json().get("purged").asInt(), "bob's revoked session and alice's expired one");
        assertTrue(run("--app", "shop", "sessions", "--principal", "bob", "--all", "--json").json()
                .get("sessions").isEmpty());
        assertEquals(3, run("--app", "shop", "stats", "--json").json().get("sessions").asLong());
        CliRun.Result again = run("purge");
        assertEquals(SessiondbCli.OK, again.status(), again.err());
        assertEquals("purged 0 sessions\n", again.out());
    }

    @Test
    void schemaUpgradeCreatesTheTablesTheOtherCommandsUse() {
        String fresh = TestDatabase.uniqueTable("cli_cmds_schema");
        try {
            CliRun.Result upgrade = cli().run("--jdbc-url", url(), "--table", fresh, "schema", "--upgrade", "--json");
            assertEquals(SessiondbCli.OK, upgrade.status(), upgrade.all());
            assertEquals(fresh, upgrade.json().get("table").asText());
            assertEquals(SchemaInfo.CURRENT_VERSION, upgrade.json().get("version").asInt());
            JsonNode stats = cli().run("--jdbc-url", url(), "--table", fresh, "stats", "--json").json();
            assertEquals(0, stats.get("sessions").asLong(), stats.toString());
            CliRun.Result again = cli().run("--jdbc-url", url(), "--table", fresh, "schema", "--upgrade");
            assertEquals(SessiondbCli.OK, again.status(), again.all());
            assertEquals("table " + fresh + " is at schema version " + SchemaInfo.CURRENT_VERSION + "\n", again.out());
        } finally {
            drop(fresh);
        }
    }

    @Test
    void statsSessionsAndRevokeOnSessionsATomcatNodeWrote() throws Exception {
        String desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        try (TomcatNode node = TomcatNode.start(url(), table, "tomcat", "node-t")) {
            TomcatNode.Client aliceDesktop = node.client(desktop).login("alice", "acme");
            TomcatNode.Client alicePhone = node.client(IPHONE).login("alice");
            TomcatNode.Client bob = node.client(desktop).login("bob", "acme");

            JsonNode stats = run("--app", "tomcat", "stats", "--json").json();
            assertEquals(3, stats.get("sessions").asLong(), stats.toString());
            assertEquals(3, stats.get("active").asLong(), stats.toString());
            assertEquals(2, stats.get("principals").asLong(), stats.toString());
            assertEquals(2, stats.get("byClientType").get("desktop").asLong(), stats.toString());
            assertEquals(1, stats.get("byClientType").get("mobile").asLong(), stats.toString());
            assertEquals(3, stats.get("byNode").get("node-t").asLong(), stats.toString());

            CliRun.Result alice = run("sessions", "--principal", "alice", "--app", "tomcat", "--json");
            assertEquals(SessiondbCli.OK, alice.status(), alice.err());
            JsonNode sessions = alice.json().get("sessions");
            assertEquals(2, sessions.size(), sessions.toString());
            assertEquals(Set.of(aliceDesktop.shortId(), alicePhone.shortId()),
                    Set.of(sessions.get(0).get("id").asText(), sessions.get(1).get("id").asText()), sessions.toString());
            JsonNode phone = sessions.get(0).get("id").asText().equals(alicePhone.shortId()) ? sessions.get(0) : sessions.get(1);
            assertEquals("tomcat", phone.get("app").asText());
            assertEquals("alice", phone.get("principal").asText());
            assertEquals("active", phone.get("status").asText());
            assertEquals("127.0.0.1", phone.get("clientAddress").asText(), phone.toString());
            assertEquals(IPHONE, phone.get("userAgent").asText());
            assertEquals("mobile", phone.get("clientType").asText());
            assertEquals("node-t", phone.get("node").asText());
            assertTrue(phone.get("attributes").asInt() >= 2 && phone.get("bytes").asLong() > 0, phone.toString());
            assertFalse(alice.out().contains(TomcatNode.SECRET_VALUE) || alice.out().contains(aliceDesktop.sessionId()),
                    "no attribute value, no raw id: " + alice.out());
            JsonNode acme = run("--app", "tomcat", "sessions", "--attribute", "tenant=acme", "--json").json().get("sessions");
            assertEquals(2, acme.size(), "alice's desktop and bob: " + acme);

            CliRun.Result one = run("revoke", "--session", aliceDesktop.shortId(), "--json");
            assertEquals(SessiondbCli.OK, one.status(), one.err());
            assertEquals(1, one.json().get("revoked").asInt());
            assertEquals("no session", aliceDesktop.whoami(), "the revoked session is gone on the node");
            assertEquals("user=alice", alicePhone.whoami(), "alice's other session lives");
            CliRun.Result byPrincipal = run("--app", "tomcat", "revoke", "--principal", "bob");
            assertEquals(SessiondbCli.OK, byPrincipal.status(), byPrincipal.err());
            assertEquals("revoked 1 session\n", byPrincipal.out());
            assertEquals("no session", bob.whoami());
            assertEquals(1, run("--app", "tomcat", "stats", "--json").json().get("active").asLong());
            assertEquals(4, run("--app", "shop", "stats", "--json").json().get("active").asLong(), "app shop is untouched");
        }
    }

    @Test
    void aMissingTableIsAnErrorOnOneLineNotAnOutage() {
        CliRun.Result run = cli().run("--jdbc-url", url(), "--table", "t_cli_cmds_missing", "stats");
        assertEquals(SessiondbCli.FAILED, run.status(), run.all());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());
        CliRun.Result verbose = cli().run("--jdbc-url", url(), "--table", "t_cli_cmds_missing", "stats", "--verbose");
        assertTrue(verbose.err().contains("\tat "), "--verbose adds the stack trace: " + verbose.err());
    }

    private static long sum(JsonNode counts) {
        long sum = 0;
        for (JsonNode n : counts) {
            sum += n.asLong();
        }
        return sum;
    }
}
