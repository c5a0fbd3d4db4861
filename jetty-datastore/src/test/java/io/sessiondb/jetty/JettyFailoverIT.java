package io.sessiondb.jetty;

import io.sessiondb.core.testing.ClusterScript;
import io.sessiondb.core.testing.FailoverRun;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL primary with a synchronous standby (store-core's {@code pg-failover/cluster.sh}, on ports of
 * its own, data under /tmp) behind two embedded, non-sticky Jetty nodes ({@link TestNode}) on the multi-host URL with
 * {@code targetServerType=primary}. Eight HTTP clients, each with its own session, increment their counter
 * on alternate nodes; the primary is stopped hard ({@code -m immediate}) 2 s after every client has its
 * session and the standby promoted 3 s after the kill; the load goes on 5 s more. No request fails, no new
 * cookie is issued for an existing session, every acknowledged increment is there, and the service is back
 * within {@link FailoverRun#backWithinMs} of the promotion ({@link FailoverRun} prints the timeline).
 */
class JettyFailoverIT {

    private static final ClusterScript CLUSTER = new ClusterScript("pg-failover/cluster.sh", 60, "the postgresql server package");

    private static final int PRIMARY_PORT = 5481;
    private static final int STANDBY_PORT = 5482;
    private static final int CLIENTS = 8;

    private final String dir = "/tmp/sessiondb-jettyfailover-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<TestNode> nodes = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        CLUSTER.run("start", dir, Integer.toString(PRIMARY_PORT), Integer.toString(STANDBY_PORT));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (TestNode node : nodes) {
                node.close();
            }
        } finally {
            CLUSTER.run("teardown", dir);
        }
    }

    @Test
    void twoNodesRideThroughAFailoverLosingNothing() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + PRIMARY_PORT + ",127.0.0.1:" + STANDBY_PORT
                + "/postgres?user=postgres&targetServerType=primary";
        String table = TestDatabase.uniqueTable("jetty_failover");
        for (String name : List.of("A", "B")) {
            TestNode node = new TestNode(name, false, f -> {
                f.setJdbcUrl(url);
                f.setTableName(table);
                f.setConnectionTimeoutMs(1000);
                f.setNodeName(name);
            });
            nodes.add(node);
            node.start();
        }

        new FailoverRun("jetty-failover", CLUSTER, dir, url, CLIENTS).run(new FailoverRun.Nodes() {
            @Override
            public int count() {
                return nodes.size();
            }

            @Override
            public FailoverRun.Answer increment(int node, String sessionId) {
                Reply reply = HttpProbe.get(nodes.get(node).port(), "/inc", sessionId == null ? null : "JSESSIONID=" + sessionId);
                // Jetty may set the cookie of the session it was sent again: only another id is a new session.
                String cookie = reply.setSessionCookie();
                return new FailoverRun.Answer(reply.status(), reply.body(), cookie == null || cookie.equals(sessionId) ? null : cookie,
                        reply.retryAfter());
            }

            @Override
            public FailoverRun.Answer read(int node, String sessionId) {
                Reply reply = HttpProbe.get(nodes.get(node).port(), "/counter", "JSESSIONID=" + sessionId);
                return new FailoverRun.Answer(reply.status(), reply.body(), null, reply.retryAfter());
            }
        });
    }
}
