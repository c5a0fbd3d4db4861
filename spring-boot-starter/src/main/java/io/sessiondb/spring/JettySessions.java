package io.sessiondb.spring;

import static io.sessiondb.spring.SessiondbProperties.apply;

import io.sessiondb.jetty.SessiondbDataStore;
import io.sessiondb.jetty.SessiondbDataStoreFactory;
import io.sessiondb.jetty.SessiondbSessionCacheFactory;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.HouseKeeper;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionDataStoreFactory;
import org.eclipse.jetty.session.SessionIdManager;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.util.component.LifeCycle;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Puts sessiondb into Boot's embedded Jetty, as the {@code sessiondb-cache} and {@code sessiondb} Jetty
 * modules do in a {@code jetty-home}: the server beans from which the context's session handler takes its
 * session cache (non-sticky, flushed when the response is committed) and its data store. Shared by the
 * Boot 3.5 and 4.0 customizers.
 */
final class JettySessions {

    private final SessiondbProperties properties;
    private final ObjectProvider<DataSource> dataSources;
    private final SessiondbRuntime runtime;

    JettySessions(SessiondbProperties properties, ObjectProvider<DataSource> dataSources, SessiondbRuntime runtime) {
        this.properties = properties;
        this.dataSources = dataSources;
        this.runtime = runtime;
    }

    /**
     * @throws IllegalArgumentException naming the {@code sessiondb.*} property whose value is bad
     * @throws IllegalStateException when there is no database to use
     */
    void customize(Server server) {
        SessiondbDataStoreFactory factory = newFactory();
        server.addBean(new SessiondbSessionCacheFactory());
        server.addBean(new AttachingFactory(factory, server));
    }

    private SessiondbDataStoreFactory newFactory() {
        SessiondbProperties p = properties;
        SessiondbDataStoreFactory factory = new SessiondbDataStoreFactory();
        apply("jdbcUrl", p.getJdbcUrl(), factory::setJdbcUrl);
        apply("username", p.getUsername(), factory::setUsername);
        apply("password", p.getPassword(), factory::setPassword);
        apply("appName", p.getAppName(), factory::setAppName);
        apply("tableName", p.getTableName(), factory::setTableName);
        apply("createSchema", p.getCreateSchema(), factory::setCreateSchema);
        apply("maxPoolSize", p.getMaxPoolSize(), factory::setMaxPoolSize);
        apply("connectionTimeoutMs", p.getConnectionTimeoutMs(), factory::setConnectionTimeoutMs);
        apply("failoverTimeoutMs", p.getFailoverTimeoutMs(), factory::setFailoverTimeoutMs);
        apply("touchInterval", p.getTouchInterval(), factory::setTouchInterval);
        apply("sweepGraceSeconds", p.getSweepGraceSeconds(), factory::setSweepGraceSeconds);
        apply("principalAttribute", p.getPrincipalAttribute(), factory::setPrincipalAttribute);
        apply("serialFilter", p.getSerialFilter(), factory::setSerialFilter);
        apply("maxSessionBytes", p.getMaxSessionBytes(), factory::setMaxSessionBytes);
        apply("idSecret", p.getIdSecret(), factory::setIdSecret);
        apply("idSecretFile", p.getIdSecretFile(), factory::setIdSecretFile);
        apply("encryptionKeys", p.getEncryptionKeys(), factory::setEncryptionKeys);
        apply("encryptionKeyFile", p.getEncryptionKeyFile(), factory::setEncryptionKeyFile);
        apply("codec", p.getCodec(), factory::setCodec);
        apply("nodeName", p.getNodeName(), factory::setNodeName);
        apply("lockingMode", p.getLockingMode(), factory::setLockingMode);
        apply("lockingUriPattern", p.getLockingUriPattern(), factory::setLockingUriPattern);
        apply("lockTimeoutMs", p.getLockTimeoutMs(), factory::setLockTimeoutMs);
        apply("revocationCheckMs", p.getRevocationCheckMs(), factory::setRevocationCheckMs);
        apply("clientInfo", p.getClientInfo(), factory::setClientInfo);
        apply("synchronousCommit", p.getSynchronousCommit(), factory::setSynchronousCommit);
        apply("historyDays", p.getHistoryDays(), factory::setHistoryDays);
        apply("indexedAttributes", p.getIndexedAttributes(), factory::setIndexedAttributes);
        DataSource dataSource = AppDataSource.forSessions(p, dataSources);
        if (dataSource != null) {
            factory.setDataSource(dataSource);
        }
        return factory;
    }

    /** @return whether the server's session house keeper (Jetty's scavenger, which runs the expiry sweep) runs */
    private static boolean houseKeeperRuns(Server server) {
        SessionIdManager ids = server.getBean(SessionIdManager.class);
        HouseKeeper keeper = ids == null ? null : ids.getSessionHouseKeeper();
        return keeper != null && keeper.isRunning() && keeper.getIntervalSec() > 0;
    }

    /** The data store factory the session handler finds on the server: sessiondb's, attaching each store it makes. */
    private final class AttachingFactory implements SessionDataStoreFactory {

        private final SessiondbDataStoreFactory factory;
        private final Server server;

        AttachingFactory(SessiondbDataStoreFactory factory, Server server) {
            this.factory = factory;
            this.server = server;
        }

        @Override
        public SessionDataStore getSessionDataStore(SessionManager manager) throws Exception {
            SessionDataStore store = factory.getSessionDataStore(manager);
            if (store instanceof SessiondbDataStore sessiondb) {
                runtime.attach(sessiondb::getRepository, () -> houseKeeperRuns(server));
                sessiondb.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarted(LifeCycle event) {
                        runtime.started(sessiondb.getRepository());
                    }
                });
            }
            return store;
        }
    }
}
