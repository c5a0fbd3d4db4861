package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.sessiondb.core.admin.SessionStatistics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterMetricsTest {

    private static String scrape(Map<String, SessionStatistics> byApp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, new ClusterMetrics(() -> byApp).collect());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyFigureIsAGaugeLabelledByApp() throws Exception {
        Map<String, SessionStatistics> byApp = Map.of(
                "shop", CannedData.statistics(5, Map.of("desktop", 3L, "mobile", 2L), Map.of("node-a", 5L)),
                "admin", CannedData.statistics(1, Map.of("bot", 1L), Map.of("node-\"b\"", 1L)));

        PrometheusText metrics = PrometheusText.parse(scrape(byApp));

        metrics.assertValue("sessiondb_sessions{app=\"shop\"}", 8);
        metrics.assertValue("sessiondb_sessions_active{app=\"shop\"}", 5);
        metrics.assertValue("sessiondb_sessions_active{app=\"admin\"}", 1);
        metrics.assertValue("sessiondb_principals_active{app=\"shop\"}", 2);
        metrics.assertValue("sessiondb_sessions_active_by_client_type{app=\"shop\",client_type=\"desktop\"}", 3);
        metrics.assertValue("sessiondb_sessions_active_by_client_type{app=\"shop\",client_type=\"mobile\"}", 2);
        metrics.assertValue("sessiondb_sessions_active_by_client_type{app=\"admin\",client_type=\"bot\"}", 1);
        metrics.assertValue("sessiondb_sessions_active_by_node{app=\"shop\",node=\"node-a\"}", 5);
        metrics.assertValue("sessiondb_sessions_active_by_node{app=\"admin\",node=\"node-\\\"b\\\"\"}", 1);
        metrics.assertValue("sessiondb_sessions_expired_pending{app=\"shop\"}", 3);
        metrics.assertValue("sessiondb_history_rows{app=\"admin\"}", 17);
        assertEquals(7, metrics.types.size(), metrics.types.toString());
        metrics.types.values().forEach(type -> assertEquals("gauge", type));
        assertEquals(2 * 5 + 3 + 2, metrics.samples.size(), metrics.samples.keySet().toString());
    }
}
