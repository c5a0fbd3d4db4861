package io.sessiondb.cli;

import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.admin.SessionInfo;
import io.sessiondb.core.admin.SessionPage;
import io.sessiondb.core.admin.SessionQuery;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sessions}: one page of the sessions of a principal or an attribute value, newest activity first. */
@Command(name = "sessions", description = "List the sessions of a user (--principal) or of an indexed attribute"
        + " value (--attribute), newest activity first; never a session id or an attribute value.")
final class SessionsCommand extends AdminCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Selector selector;

    @Option(names = "--all", description = "also list sessions that expired and are not yet swept")
    private boolean all;

    @Option(names = "--limit", paramLabel = "N", description = "at most N sessions (1 to " + SessionQuery.MAX_LIMIT
            + ", default " + SessionQuery.DEFAULT_LIMIT + ")")
    private int limit = SessionQuery.DEFAULT_LIMIT;

    @Option(names = "--after", paramLabel = "CURSOR", description = "the next page: the cursor the previous page printed")
    private String after;

    @Override
    void check(GlobalOptions options) {
        if (limit < 1 || limit > SessionQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("--limit takes 1 to " + SessionQuery.MAX_LIMIT + ", got " + limit);
        }
        if (selector.attribute != null) {
            selector.attributeName();
        }
    }

    @Override
    int run(SessionAdmin admin, Output output) {
        SessionQuery query = selector.principal != null ? SessionQuery.principal(selector.principal)
                : SessionQuery.attribute(selector.attributeName(), selector.attributeValue());
        query = query.inApp(options().app()).limit(limit).after(after);
        if (all) {
            query = query.includingExpired();
        }
        SessionPage page = admin.sessions(query);
        if (output.json()) {
            output.printJson(new Page(page.sessions().stream().map(Session::of).toList(), page.next()));
            return SessiondbCli.OK;
        }
        Table table = new Table("ID", "APP", "PRINCIPAL", "STATUS", "CREATED", "LAST ACCESS", "EXPIRES", "ADDRESS",
                "CLIENT", "NODE", "#ATTRS", "#BYTES");
        for (SessionInfo s : page.sessions()) {
            table.row(s.id(), s.app(), s.principal(), s.status().label(), Output.text(s.created()),
                    Output.text(s.lastAccess()), Output.text(s.expires()), s.clientAddress(), s.clientType(),
                    s.lastNode(), s.attributes(), s.bytes());
        }
        output.table(table);
        output.line(table.size() + (table.size() == 1 ? " session" : " sessions")
                + (page.next() == null ? "" : "; more with --after " + page.next()));
        return SessiondbCli.OK;
    }

    /** The JSON of {@code sessions}: field names are a contract (issue 14). */
    record Page(List<Session> sessions, String next) {
    }

    /** One session in the JSON of {@code sessions}; times ISO-8601 UTC; {@code node} wrote it last. */
    record Session(String id, String app, String principal, String created, String lastAccess, String expires,
                   String status, String clientAddress, String userAgent, String clientType, String node,
                   String createdNode, int attributes, long bytes) {

        static Session of(SessionInfo s) {
            return new Session(s.id(), s.app(), s.principal(), Output.iso(s.created()), Output.iso(s.lastAccess()),
                    Output.iso(s.expires()), s.status().label(), s.clientAddress(), s.userAgent(), s.clientType(),
                    s.lastNode(), s.createdNode(), s.attributes(), s.bytes());
        }
    }
}
