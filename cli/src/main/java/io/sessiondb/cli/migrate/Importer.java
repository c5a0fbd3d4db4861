package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessionTooLargeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each live legacy session into sessiondb as a new session: same id (so the users' cookies
 * keep working), same times and max inactive interval, every attribute that could be read. A
 * session already in sessiondb is left as it is and counted as skipped, so a second run changes
 * nothing. With no repository (a dry run) nothing is written and the sizes are checked instead.
 */
final class Importer implements SessionSink {

    private final SessionRepository repository;
    private final ClassLoader loader;
    private final SessionSizer sizer;
    private final MigrationReport report;

    /**
     * @param repository where to write, or {@code null} for a dry run
     * @param loader     the webapp's class loader, to read back sessions already in sessiondb
     */
    Importer(SessionRepository repository, ClassLoader loader, SessionSizer sizer, MigrationReport report) {
        this.repository = repository;
        this.loader = loader;
        this.sizer = sizer;
        this.report = report;
    }

    @Override
    public void session(LegacySession session) {
        if (repository == null) {
            List<AttributeProblem> size = new ArrayList<>(session.problems());
            size.addAll(sizer.check(session));
            report.problems(size);
            if (size.stream().anyMatch(p -> p.reason() == AttributeProblem.Reason.TOO_LARGE)) {
                report.failed(session.id(), "larger than maxSessionBytes: sessiondb would refuse it");
            } else {
                report.done();
            }
            return;
        }
        try {
            if (repository.load(session.id(), loader).isPresent()) {
                report.skipped("already in sessiondb");
                return;
            }
            report.problems(session.problems());
            repository.save(session.toSnapshot(), null);
            report.done();
        } catch (SessionTooLargeException e) {
            report.failed(session.id(), e.getMessage());
        } catch (SessionStoreException e) {
            if (e.isDatabaseUnreachable()) {
                throw e; // every further session would fail the same way
            }
            report.failed(session.id(), e.getMessage());
        }
    }

    @Override
    public void skipped(String id, String why) {
        report.skipped(why);
    }

    @Override
    public void failed(String id, String why) {
        report.failed(id, why);
    }
}
