package io.sessiondb.cli.migrate;

import java.io.IOException;
import java.sql.SQLException;

/** A container's own session store, read without changing it. */
interface LegacySource {

    /**
     * Reads every session of the configured webapp and hands each to {@code sink}.
     *
     * @throws SQLException when the source database cannot be read
     * @throws IOException  when the source file cannot be read
     */
    void read(SessionSink sink) throws SQLException, IOException;

    /** @return what is read, for the report, e.g. {@code tomcat$sessions (app /Catalina/localhost/shop)} */
    String describe();
}
