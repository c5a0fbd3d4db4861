package io.sessiondb.cli;

import io.sessiondb.core.SessionStoreException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * No connection could be had to a database other than the one of {@code --jdbc-url} (the source of
 * {@code import}), or it refused the login: exit {@link SessiondbCli#UNREACHABLE}, naming {@link #url()}.
 */
public final class DatabaseUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String url;

    /** @param url the JDBC URL, possibly with a password in it: it is masked where printed */
    public DatabaseUnreachableException(String url, Throwable cause) {
        super("cannot connect to the database", cause);
        this.url = url;
    }

    /**
     * @return whether {@code t} itself (not its causes) means that no connection could be had or kept, or
     * that the database refused the login: a network failure, a connection SQLState (08...) or an
     * authorization one (28...)
     */
    public static boolean isConnectionFailure(Throwable t) {
        if (t instanceof DatabaseUnreachableException || t instanceof ConnectException || t instanceof UnknownHostException
                || t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                || (t instanceof SessionStoreException s && s.isDatabaseUnreachable())) {
            return true;
        }
        String state = t instanceof SQLException s ? s.getSQLState() : null;
        return state != null && (state.startsWith("08") || state.startsWith("28"));
    }

    /** @return the JDBC URL as given */
    public String url() {
        return url;
    }
}
