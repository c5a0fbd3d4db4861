package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.admin.SessionStatistics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StatisticsCacheTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicInteger loads = new AtomicInteger();
    private final Supplier<Map<String, SessionStatistics>> loader = () -> {
        loads.incrementAndGet();
        return Map.of("app" + loads.get(), CannedData.statistics(1, Map.of(), Map.of()));
    };

    @Test
    void servesOneLoadForTheWholePeriod() {
        StatisticsCache cache = new StatisticsCache(loader, 10, clock::get);
        assertTrue(cache.get().containsKey("app1"));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10) - 1);
        assertTrue(cache.get().containsKey("app1"));
        assertEquals(1, loads.get());
        clock.addAndGet(1);
        assertTrue(cache.get().containsKey("app2"));
        assertEquals(2, loads.get());
    }

    @Test
    void zeroSecondsLoadsEveryTime() {
        StatisticsCache cache = new StatisticsCache(loader, 0, clock::get);
        cache.get();
        cache.get();
        assertEquals(2, loads.get());
    }

    @Test
    void aFailedLoadIsNotCached() {
        AtomicInteger calls = new AtomicInteger();
        StatisticsCache cache = new StatisticsCache(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            return Map.of();
        }, 10, clock::get);
        assertThrows(IllegalStateException.class, cache::get);
        assertEquals(Map.of(), cache.get());
        assertEquals(2, calls.get());
    }

    @Test
    void negativeSecondsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StatisticsCache(loader, -1, clock::get));
        assertTrue(e.getMessage().contains("metrics cache seconds"), e.getMessage());
    }
}
