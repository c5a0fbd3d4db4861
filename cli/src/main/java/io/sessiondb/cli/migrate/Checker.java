package io.sessiondb.cli.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Reports, for each live session of a legacy store, the attributes that will not survive in
 * sessiondb: those that cannot be read (class not found, unreadable), those the container never
 * stored (not serializable) and those sessiondb would refuse (larger than maxSessionBytes). Writes
 * nothing.
 */
final class Checker implements SessionSink {

    private final SessionSizer sizer;
    private final MigrationReport report;

    Checker(SessionSizer sizer, MigrationReport report) {
        this.sizer = sizer;
        this.report = report;
    }

    @Override
    public void session(LegacySession session) {
        report.done();
        report.problems(concat(session));
    }

    @Override
    public void skipped(String id, String why) {
        report.skipped(why);
    }

    @Override
    public void failed(String id, String why) {
        report.failed(id, why);
    }

    private List<AttributeProblem> concat(LegacySession session) {
        List<AttributeProblem> all = new ArrayList<>(session.problems());
        all.addAll(sizer.check(session));
        return all;
    }
}
