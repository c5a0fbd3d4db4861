package io.sessiondb.tomcat;

import io.sessiondb.core.testing.ClusterScript;
import io.sessiondb.core.testing.FailoverRun;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL primary with a synchronous standby (store-core's {@code pg-failover/cluster.sh}, on ports of
 * its own, data under /tmp) behind two embedded, non-sticky Tomcat nodes on the multi-host URL with
 * {@code targetServerType=primary}. Eight HTTP clients, each with its own session, increment their counter
 * on alternate nodes; the primary is stopped hard ({@code -m immediate}) 2 s after every client has its
 * session and the standby promoted 3 s after the kill; the load goes on 5 s more. No request fails, no new
 * cookie is issued for an existing session, every acknowledged increment is there, and the service is back
 * within {@link FailoverRun#backWithinMs} of the promotion ({@link FailoverRun} prints the timeline).
 */
class TomcatFailoverIT {

    private static final ClusterScript CLUSTER = new ClusterScript("pg-failover/cluster.sh", 60, "the postgresql server package");

    private static final int PRIMARY_PORT = 5471;
    private static final int STANDBY_PORT = 5472;
    private static final int CLIENTS = 8;

    private final String dir = "/tmp/sessiondb-tomcatfailover-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<EmbeddedNode> nodes = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        CLUSTER.run("start", dir, Integer.toString(PRIMARY_PORT), Integer.toString(STANDBY_PORT));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (EmbeddedNode node : nodes) {
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
        String table = TestDatabase.uniqueTable("tomcat_failover");
        Consumer<SessiondbStore> config = store -> {
            store.setJdbcUrl(url);
            store.setTableName(table);
            store.setConnectionTimeoutMs("1000");
        };
        nodes.add(EmbeddedNode.nonSticky("a", config));
        nodes.add(EmbeddedNode.nonSticky("b", config));

        new FailoverRun("tomcat-failover", CLUSTER, dir, url, CLIENTS).run(new FailoverRun.Nodes() {
            @Override
            public int count() {
                return nodes.size();
            }

            @Override
            public FailoverRun.Answer increment(int node, String sessionId) {
                return answer(Http.get(nodes.get(node).uri("op=count"), sessionId));
            }

            @Override
            public FailoverRun.Answer read(int node, String sessionId) {
                return answer(Http.get(nodes.get(node).uri("op=get&name=count"), sessionId));
            }
        });
    }

    /** Tomcat sets the session cookie only for a new session: any cookie it sets is one. */
    private static FailoverRun.Answer answer(Reply reply) {
        return new FailoverRun.Answer(reply.status(), reply.body(), reply.setSessionId(), reply.retryAfter());
    }
}
