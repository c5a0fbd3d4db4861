package io.sessiondb.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.StoredClasses;
import io.sessiondb.core.internal.Database;
import io.sessiondb.core.internal.ValueCipher;
import io.sessiondb.core.internal.ValueSql;
import io.sessiondb.core.internal.ValueSql.StoredValue;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Maintenance of the stored attribute values of every app sharing a table: re-encrypting them under
 * the first encryption key, and naming the classes they hold. Walks the values in batches in key
 * order, so the cost is one indexed read per batch; safe while nodes serve, as a value is replaced only
 * while it still holds the bytes read (a node's concurrent write wins). Used by {@code sessiondb-cli
 * reencrypt} and {@code check --live}.
 */
public final class StoredValues implements AutoCloseable {

    /** Values read and written per batch unless told otherwise: {@value}. */
    public static final int DEFAULT_BATCH = 500;

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private final Database database;
    private final ValueSql sql;
    private final ValueCipher cipher;
    private final String logPrefix;

    private StoredValues(SessiondbConfig config) {
        this.logPrefix = "sessiondb-admin[" + config.getTableName() + "]";
        this.database = new Database(config, logPrefix);
        this.sql = new ValueSql(config.getTableName());
        this.cipher = new ValueCipher(config.getEncryptionKeyList(), logPrefix);
    }

    /**
     * Over the table of {@code config} (jdbcUrl or DataSource, tableName) with its encryption keys
     * ({@code encryptionKeys}, {@code encryptionKeyFile} or the environment variable); the tables must exist.
     *
     * @throws IllegalStateException naming the property when the config or a key is unusable
     */
    public static StoredValues start(SessiondbConfig config) {
        config.sealForAdmin();
        config.getEncryptionKeyList(); // a bad key fails here, naming its setting
        return new StoredValues(config);
    }

    /**
     * What {@link #reencrypt} did.
     *
     * @param reencrypted values now encrypted under the first key that were not before (plain, or an older key)
     * @param current     values that were under the first key already
     * @param written     values a node wrote between the read and the write of their batch: left as written
     * @param unreadable  encrypted values no configured key opens (left as they are)
     */
    public record Reencryption(long reencrypted, long current, long written, long unreadable) {
    }

    /** Same as {@link #reencrypt(int, Runnable)} with nothing between the read and the write. */
    public Reencryption reencrypt(int batchSize) {
        return reencrypt(batchSize, null);
    }

    /**
     * Encrypts every value of every app that is not under the first key: plain ones and those under an
     * older key.
     *
     * @param batchSize     values per batch (1 or more)
     * @param afterEachRead run after each batch is read and before it is written, or {@code null} (tests
     *                      write concurrently there)
     * @throws IllegalStateException when no encryption key is configured
     * @throws io.sessiondb.core.SessionStoreException when the database fails
     */
    public Reencryption reencrypt(int batchSize, Runnable afterEachRead) {
        if (!cipher.enabled()) {
            throw new IllegalStateException("no encryption key is configured: set encryptionKeys, encryptionKeyFile or"
                    + " the environment variable SESSIONDB_ENCRYPTION_KEY, the new key first");
        }
        long reencrypted = 0;
        long current = 0;
        long written = 0;
        long unreadable = 0;
        StoredValue after = null;
        while (true) {
            StoredValue from = after;
            List<StoredValue> batch = database.run("read values", null, c -> sql.batch(c, from, batchSize));
            if (batch.isEmpty()) {
                break;
            }
            if (afterEachRead != null) {
                afterEachRead.run();
            }
            for (StoredValue v : batch) {
                ValueCipher.Opened opened = cipher.open(v.idDigest(), v.name(), v.value());
                if (opened.state() == ValueCipher.State.FAILED) {
                    unreadable++;
                } else if (opened.state() == ValueCipher.State.CURRENT) {
                    current++;
                } else {
                    byte[] sealed = cipher.seal(v.idDigest(), v.name(), opened.plain());
                    boolean replaced = database.run("re-encrypt value", null,
                            c -> sql.replace(c, v.app(), v.idDigest(), v.name(), v.value(), sealed));
                    if (replaced) {
                        reencrypted++;
                    } else {
                        written++;
                    }
                }
            }
            after = batch.get(batch.size() - 1);
        }
        LOG.log(Level.INFO, "{0} - re-encrypted {1} values ({2} under the first key already, {3} written meanwhile,"
                + " {4} unreadable)", logPrefix, reencrypted, current, written, unreadable);
        return new Reencryption(reencrypted, current, written, unreadable);
    }

    /**
     * The classes named by the stored values of every app, without instantiating any ({@link StoredClasses});
     * encrypted values are opened with the configured keys.
     *
     * @param batchSize values per batch (1 or more)
     */
    public Census census(int batchSize) {
        StoredClasses.Census classes = new StoredClasses.Census();
        long values = 0;
        long unreadable = 0;
        StoredValue after = null;
        while (true) {
            StoredValue from = after;
            List<StoredValue> batch = database.run("read values", null, c -> sql.batch(c, from, batchSize));
            if (batch.isEmpty()) {
                break;
            }
            for (StoredValue v : batch) {
                values++;
                ValueCipher.Opened opened = cipher.open(v.idDigest(), v.name(), v.value());
                if (opened.state() == ValueCipher.State.FAILED) {
                    unreadable++;
                } else {
                    classes.add(opened.plain());
                }
            }
            after = batch.get(batch.size() - 1);
        }
        return new Census(classes, values, unreadable);
    }

    /**
     * What {@link #census} found.
     *
     * @param classes    the classes and how many values name each
     * @param values     values read
     * @param unreadable encrypted values no configured key opens (their classes are not counted)
     */
    public record Census(StoredClasses.Census classes, long values, long unreadable) {
    }

    /**
     * One stored value as an admin tool may show it.
     *
     * @param app     the app of its session
     * @param session the session's short id (as {@link SessionInfo#id()})
     * @param name    the attribute name
     * @param kind    {@code json}, {@code java}, {@code encrypted} or {@code unreadable}
     * @param value   for {@code json}, the value with every leaf {@code "***"} unless asked unmasked, the
     *                structure kept; {@code null} for every other kind, which is never shown
     */
    public record ShownValue(String app, String session, String name, String kind, JsonNode value) {
    }

    /** Most values {@link #values} returns: {@value}. */
    public static final int MAX_SHOWN = 1000;

    /**
     * The values of the session with this short id (of {@code app}, or of any app when {@code null}), as an
     * admin tool may show them: JSON-codec values masked unless {@code unmasked}, Java-serialized and
     * encrypted values never (their kind only). No key is used: an encrypted value is never shown.
     *
     * @throws IllegalArgumentException naming the short id when it is not one
     */
    public List<ShownValue> values(String app, String shortId, boolean unmasked) {
        byte[][] range = ShortId.range(shortId);
        List<StoredValue> found = database.run("read values", null,
                c -> sql.byDigestRange(c, app, range[0], range[1], MAX_SHOWN));
        return found.stream().map(v -> new ShownValue(v.app(), ShortId.of(v.idDigest()), v.name(),
                MaskedValues.kind(v.value()), MaskedValues.show(v.value(), unmasked))).toList();
    }

    /** Closes the pool built for this. */
    @Override
    public void close() {
        database.close();
    }
}
