package io.sessiondb.spring;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/** Where the sessions' connections come from: {@code sessiondb.jdbc-url}, else the application's own DataSource. */
final class AppDataSource {

    private AppDataSource() {
    }

    /**
     * @return {@code null} when {@code sessiondb.jdbc-url} is set (sessiondb builds its own pool), else
     * the application's DataSource bean
     * @throws IllegalStateException naming the properties to set when there is neither
     */
    static DataSource forSessions(SessiondbProperties properties, ObjectProvider<DataSource> dataSources) {
        if (properties.getJdbcUrl() != null) {
            return null;
        }
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("sessiondb: sessiondb.jdbc-url is not set and the application has no"
                    + " single DataSource bean to keep the sessions in: set sessiondb.jdbc-url (with sessiondb.username"
                    + " and sessiondb.password), or spring.datasource.url, or mark one DataSource @Primary;"
                    + " sessiondb.enabled=false turns sessiondb off");
        }
        return dataSource;
    }
}
