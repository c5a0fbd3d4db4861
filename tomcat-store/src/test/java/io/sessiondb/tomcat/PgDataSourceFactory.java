package io.sessiondb.tomcat;

import java.util.Hashtable;
import javax.naming.Name;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;
import org.postgresql.ds.PGSimpleDataSource;

/** A JNDI factory for a plain PostgreSQL DataSource, standing in for a container's pooled one. */
public final class PgDataSourceFactory implements ObjectFactory {

    @Override
    public Object getObjectInstance(Object obj, Name name, javax.naming.Context nameCtx, Hashtable<?, ?> environment) {
        Reference reference = (Reference) obj;
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL((String) reference.get("url").getContent());
        return dataSource;
    }
}
