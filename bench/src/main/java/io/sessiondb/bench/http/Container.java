package io.sessiondb.bench.http;

/** One way to run the bench webapp: an embedded container or a real distribution. */
interface Container {

    /** A started server; {@link #close()} stops it and drops the tables its setup created. */
    interface Running extends AutoCloseable {
        /** @return the webapp's base URL, e.g. {@code http://127.0.0.1:8080/app} */
        String baseUrl();

        @Override
        void close() throws Exception;
    }

    /** @return the name in the table, e.g. {@code Tomcat 11 distribution} */
    String name();

    /** @return the name of the stock store in the table, e.g. {@code DataSourceStore} */
    String stockName();

    Running start(Setup setup) throws Exception;
}
