package io.sessiondb.spring;

import static io.sessiondb.spring.SessiondbProperties.apply;

import io.sessiondb.tomcat.SessiondbStore;
import io.sessiondb.tomcat.SessiondbValve;
import javax.sql.DataSource;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.session.PersistentManager;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Puts sessiondb into Boot's embedded Tomcat context, as {@code context.xml} does in a Tomcat
 * distribution: a {@code PersistentManager} with a {@link SessiondbStore}, and the non-sticky
 * {@link SessiondbValve}, which loads each request's session from the database and saves it before the
 * response is committed (Spring MVC sets {@code Content-Length} and flushes before the request ends).
 * Shared by the Boot 3.5 and 4.0 customizers.
 */
final class TomcatSessions {

    private final SessiondbProperties properties;
    private final ObjectProvider<DataSource> dataSources;
    private final SessiondbRuntime runtime;

    TomcatSessions(SessiondbProperties properties, ObjectProvider<DataSource> dataSources, SessiondbRuntime runtime) {
        this.properties = properties;
        this.dataSources = dataSources;
        this.runtime = runtime;
    }

    /**
     * @throws IllegalArgumentException naming the {@code sessiondb.*} property whose value is bad
     * @throws IllegalStateException when there is no database to use
     */
    void customize(Context context) {
        SessiondbStore store = newStore();
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        manager.setProcessExpiresFrequency(1); // the expiry sweep runs at every background cycle of the context
        context.setManager(manager);
        context.getPipeline().addValve(new SessiondbValve());
        long attachedMs = System.currentTimeMillis();
        runtime.attach(store::getRepository, () -> sweptRecently(store, context, manager, attachedMs));
        store.addLifecycleListener(event -> {
            if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
                runtime.started(store.getRepository());
            }
        });
    }

    private SessiondbStore newStore() {
        SessiondbProperties p = properties;
        SessiondbStore store = new SessiondbStore();
        apply("jdbcUrl", p.getJdbcUrl(), store::setJdbcUrl);
        apply("username", p.getUsername(), store::setUsername);
        apply("password", p.getPassword(), store::setPassword);
        apply("appName", p.getAppName(), store::setAppName);
        apply("tableName", p.getTableName(), store::setTableName);
        apply("createSchema", p.getCreateSchema(), v -> store.setCreateSchema(v.toString()));
        apply("maxPoolSize", p.getMaxPoolSize(), v -> store.setMaxPoolSize(v.toString()));
        apply("connectionTimeoutMs", p.getConnectionTimeoutMs(), v -> store.setConnectionTimeoutMs(v.toString()));
        apply("failoverTimeoutMs", p.getFailoverTimeoutMs(), v -> store.setFailoverTimeoutMs(v.toString()));
        apply("touchInterval", p.getTouchInterval(), v -> store.setTouchInterval(v.toString()));
        apply("sweepGraceSeconds", p.getSweepGraceSeconds(), v -> store.setSweepGraceSeconds(v.toString()));
        apply("principalAttribute", p.getPrincipalAttribute(), store::setPrincipalAttribute);
        apply("serialFilter", p.getSerialFilter(), store::setSerialFilter);
        apply("maxSessionBytes", p.getMaxSessionBytes(), v -> store.setMaxSessionBytes(v.toString()));
        apply("idSecret", p.getIdSecret(), store::setIdSecret);
        apply("idSecretFile", p.getIdSecretFile(), store::setIdSecretFile);
        apply("encryptionKeys", p.getEncryptionKeys(), store::setEncryptionKeys);
        apply("encryptionKeyFile", p.getEncryptionKeyFile(), store::setEncryptionKeyFile);
        apply("codec", p.getCodec(), store::setCodec);
        apply("nodeName", p.getNodeName(), store::setNodeName);
        apply("lockingMode", p.getLockingMode(), store::setLockingMode);
        apply("lockingUriPattern", p.getLockingUriPattern(), store::setLockingUriPattern);
        apply("lockTimeoutMs", p.getLockTimeoutMs(), v -> store.setLockTimeoutMs(v.toString()));
        apply("revocationCheckMs", p.getRevocationCheckMs(), v -> store.setRevocationCheckMs(String.valueOf(v)));
        apply("clientInfo", p.getClientInfo(), v -> store.setClientInfo(v.toString()));
        apply("synchronousCommit", p.getSynchronousCommit(), v -> store.setSynchronousCommit(v.toString()));
        apply("historyDays", p.getHistoryDays(), v -> store.setHistoryDays(v.toString()));
        apply("indexedAttributes", p.getIndexedAttributes(), store::setIndexedAttributes);
        DataSource dataSource = AppDataSource.forSessions(p, dataSources);
        if (dataSource != null) {
            store.setDataSource(dataSource);
        }
        return store;
    }

    /** @return whether the store swept within three background cycles (counted from the start before the first sweep) */
    private static boolean sweptRecently(SessiondbStore store, Context context, PersistentManager manager, long attachedMs) {
        long cycleMs = backgroundDelaySeconds(context) * 1000L * manager.getProcessExpiresFrequency();
        if (cycleMs <= 0) {
            return false; // no background processor: Tomcat never calls the sweep
        }
        long since = Math.max(store.getLastSweepMs(), attachedMs);
        return System.currentTimeMillis() - since <= 3 * cycleMs + 30_000;
    }

    /** @return the background processor delay the context runs under (its own, or its nearest parent's), or -1 */
    private static int backgroundDelaySeconds(Container container) {
        for (Container c = container; c != null; c = c.getParent()) {
            if (c.getBackgroundProcessorDelay() > 0) {
                return c.getBackgroundProcessorDelay();
            }
        }
        return -1;
    }
}
