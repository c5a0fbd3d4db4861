package io.sessiondb.bench.http;

/**
 * One measured wrk run: requests per second and latency, and per request what the database did
 * (statements, write transactions, WAL bytes).
 */
record Measurement(int round, String container, String setup, String kind, double perSecond, double p50Ms, double p99Ms,
                   long errors, double statementsPerRequest, double writeTransactionsPerRequest, double walBytesPerRequest) {

    /** The requests each configuration serves, in order. */
    enum Kind {
        PEEK("peek", "read-only (`peek`)", false),
        COUNT("count", "write one attribute (`count`)", false),
        BIG("count", "write one attribute, 256 KiB untouched", true);

        final String path;
        final String label;
        final boolean big;

        Kind(String path, String label, boolean big) {
            this.path = path;
            this.label = label;
            this.big = big;
        }
    }

    static String csvHeader() {
        return "round,container,setup,kind,req_per_s,p50_ms,p99_ms,errors,statements_per_req,write_xacts_per_req,wal_bytes_per_req";
    }

    String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%s,%s,%s,%.1f,%.3f,%.3f,%d,%.3f,%.3f,%.1f", round, container, setup, kind,
                perSecond, p50Ms, p99Ms, errors, statementsPerRequest, writeTransactionsPerRequest, walBytesPerRequest);
    }
}
