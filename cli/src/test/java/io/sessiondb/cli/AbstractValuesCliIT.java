package io.sessiondb.cli;

import static io.sessiondb.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.core.testing.app.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reencrypt} and {@code check --live} on a table written by real sessions. Subclasses name the database. */
abstract class AbstractValuesCliIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String OLD = key();
    private static final String NEW = key();

    final String table = TestDatabase.uniqueTable("cli_values");

    /** @return the JDBC URL as a user types it */
    abstract String url();

    /** @return a repository config on that database */
    abstract SessiondbConfig config(String table, String app);

    /** Drops every table of {@code table}. */
    abstract void drop(String table);

    @AfterEach
    void dropTables() {
        drop(table);
    }

    private static String key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private SessionRepository node(String keys) {
        SessiondbConfig config = config(table, "shop");
        config.setEncryptionKeys(keys);
        return SessionRepository.start(config);
    }

    private static String save(SessionRepository repository, Map<String, Object> attributes) {
        String id = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        long now = System.currentTimeMillis();
        repository.save(new SessionSnapshot(id, now, now, 1_800_000, "alice", Map.of(), attributes), null);
        return id;
    }

    private CliRun.Result run(CliRun runner, String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", url(), "--table", table));
        all.addAll(List.of(args));
        return runner.run(all.toArray(String[]::new));
    }

    @Test
    void reencryptMovesEveryValueToTheNewKeyAndTheOldKeyCanGo(@TempDir Path dir) throws Exception {
        List<String> ids = new ArrayList<>();
        try (SessionRepository old = node(OLD)) {
            for (int i = 0; i < 7; i++) {
                ids.add(save(old, Map.of("n", i, "user", "u" + i)));
            }
        }
        try (SessionRepository plain = node(null)) {
            ids.add(save(plain, Map.of("n", 7)));
        }
        Path keys = Files.writeString(dir.resolve("keys"), "# the new key first\n" + NEW + "\n" + OLD + "\n");
        CliRun.Result run = run(cli(), "reencrypt", "--encryption-key-file", keys.toString(), "--batch", "4", "--json");
        assertEquals(SessiondbCli.OK, run.status(), run.err());
        JsonNode json = run.json();
        assertEquals(15, json.get("reencrypted").asLong(), json.toString());
        assertEquals(0, json.get("unreadable").asLong(), json.toString());
        assertFalse(run.all().contains(NEW) || run.all().contains(OLD), "no key printed");
        CliRun.Result again = run(cli().env(Map.of(KeyOptions.ENV, NEW + "," + OLD)), "reencrypt", "--json");
        assertEquals(0, again.json().get("reencrypted").asLong(), again.out());
        assertEquals(15, again.json().get("current").asLong(), again.out());
        try (SessionRepository fresh = node(NEW)) {
            for (int i = 0; i < ids.size(); i++) {
                LoadedSession loaded = fresh.load(ids.get(i), getClass().getClassLoader()).orElseThrow();
                assertTrue(loaded.unreadable().isEmpty(), loaded.unreadable().toString());
                assertEquals(i, loaded.session().attributes().get("n"));
            }
        }
    }

    @Test
    void reencryptWithoutKeysOrWithABadKeyIsAUsageErrorNamingTheSource() {
        CliRun.Result none = run(cli(), "reencrypt");
        assertEquals(SessiondbCli.USAGE, none.status(), none.all());
        assertTrue(none.err().contains("--encryption-key-file"), none.err());
        CliRun.Result bad = run(cli().env(Map.of(KeyOptions.ENV, "c2hvcnQ=")), "reencrypt");
        assertEquals(SessiondbCli.USAGE, bad.status(), bad.all());
        assertTrue(bad.err().contains("$" + KeyOptions.ENV + ": key number 1 is 5 bytes long, not 32"), bad.err());
    }

    @Test
    void valuesShowsJsonValuesMaskedUnlessAskedAndNeverJavaOrEncryptedOnes() {
        SessiondbConfig mixed = config(table, "shop");
        mixed.setCodec("mixed");
        try (SessionRepository node = SessionRepository.start(mixed)) {
            save(node, Map.of("user", "alice-secret", "tags", new ArrayList<>(List.of("a", "b")),
                    "prefs", new java.util.HashMap<>(Map.of("theme", "dark")), "profile", new Profile("alice-profile")));
        }
        try (SessionRepository node = node(OLD)) {
            save(node, Map.of("user", "alice-encrypted"));
        }
        JsonNode sessions = run(cli(), "sessions", "--principal", "alice", "--json").json().get("sessions");
        assertEquals(2, sessions.size(), sessions.toString());
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        for (JsonNode session : sessions) {
            CliRun.Result run = run(cli(), "values", session.get("id").asText(), "--json");
            assertEquals(SessiondbCli.OK, run.status(), run.all());
            assertFalse(run.all().contains("alice-"), "no value in clear: " + run.all());
            for (JsonNode v : run.json().get("values")) {
                byName.put(v.get("name").asText() + "/" + v.get("kind").asText(), v.get("value"));
            }
        }
        assertEquals("\"***\"", byName.get("user/json").toString());
        assertEquals("[\"***\",\"***\"]", byName.get("tags/json").toString());
        assertEquals("{\"theme\":\"***\"}", byName.get("prefs/json").toString());
        assertTrue(byName.get("profile/java").isNull(), byName.toString());
        assertTrue(byName.get("user/encrypted").isNull(), byName.toString());
        String jsonSession = null;
        for (JsonNode session : sessions) {
            if (session.get("attributes").asInt() == 4) {
                jsonSession = session.get("id").asText();
            }
        }
        CliRun.Result unmasked = run(cli(), "values", jsonSession, "--unmasked");
        assertTrue(unmasked.out().contains("\"alice-secret\"") && unmasked.out().contains("<java>"), unmasked.out());
        assertFalse(unmasked.out().contains("alice-profile"), unmasked.out());
    }

    @Test
    void checkLiveListsTheClassesOfTheLiveSessionsAndTheAllowSetting() {
        try (SessionRepository node = node(OLD)) {
            save(node, Map.of("profile", new Profile("alice"), "user", "alice"));
            save(node, Map.of("profile", new Profile("bob")));
        }
        CliRun.Result withoutKey = run(cli(), "check", "--live", "--json");
        assertEquals(SessiondbCli.FAILED, withoutKey.status(), withoutKey.all());
        assertEquals(3, withoutKey.json().get("unreadable").asLong(), withoutKey.out());
        CliRun.Result run = run(cli().env(Map.of(KeyOptions.ENV, OLD)), "check", "--live", "--json");
        assertEquals(SessiondbCli.OK, run.status(), run.all());
        JsonNode json = run.json();
        assertEquals(3, json.get("values").asLong(), json.toString());
        assertEquals(0, json.get("unreadable").asLong(), json.toString());
        boolean profile = false;
        for (JsonNode c : json.get("classes")) {
            if (c.get("name").asText().equals(Profile.class.getName())) {
                profile = true;
                assertEquals(2, c.get("values").asInt(), json.toString());
            }
        }
        assertTrue(profile, json.toString());
        assertEquals("allow:" + Profile.class.getPackageName() + ".*", json.get("allow").asText(), json.toString());
        CliRun.Result text = run(cli().env(Map.of(KeyOptions.ENV, OLD)), "check", "--live");
        assertTrue(text.out().contains(Profile.class.getName()) && text.out().contains("serialFilter=allow:"), text.out());
    }
}
