package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link RevocationCheck}'s scheduling of checks; the query is a stand-in, the SQL is tested by the ITs. */
class RevocationCheckTest {

    private final AtomicInteger queries = new AtomicInteger();
    private final List<String> handled = Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyCallChecksWhenCallsDoNotOverlap() {
        RevocationCheck check = new RevocationCheck(0);
        for (int i = 0; i < 3; i++) {
            check.run(since -> List.of("s" + queries.incrementAndGet()), handled::addAll);
        }
        assertEquals(3, queries.get());
        assertEquals(List.of("s1", "s2", "s3"), handled);
    }

    @Test
    void callsThatFindACheckInFlightWaitForOneSentAfterThemAndShareIt() throws Exception {
        RevocationCheck check = new RevocationCheck(0);
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        RevocationCheck.Query query = since -> {
            int n = queries.incrementAndGet();
            if (n == 1) {
                firstSent.countDown();
                await(releaseFirst);
            }
            return List.of("revoked-by-check-" + n);
        };
        // What each call saw done when it returned. Only the calls that waited are checked: the first
        // returns once its own check has run and may read the count after the next check began.
        Map<String, Integer> checksDoneAtReturn = new ConcurrentHashMap<>();
        Runnable call = () -> {
            check.run(query, handled::addAll);
            checksDoneAtReturn.put(Thread.currentThread().getName(), queries.get());
        };
        Thread first = new Thread(call, "first");
        first.start();
        assertTrue(firstSent.await(10, TimeUnit.SECONDS));
        Thread second = new Thread(call, "second");
        Thread third = new Thread(call, "third");
        second.start();
        third.start();
        awaitWaiting(second);
        awaitWaiting(third);
        releaseFirst.countDown();
        for (Thread t : List.of(first, second, third)) {
            t.join(10_000);
        }
        assertEquals(2, queries.get(), "the two calls that came during the first check shared one more");
        assertEquals(List.of("revoked-by-check-1", "revoked-by-check-2"), handled, "each check's ids handled once");
        assertEquals(2, checksDoneAtReturn.get("second"), "the second call returned before a check sent after it began had run");
        assertEquals(2, checksDoneAtReturn.get("third"), "the third call returned before a check sent after it began had run");
    }

    @Test
    void aFailedCheckIsRepeatedFromTheSameStartByTheNext() {
        RevocationCheck check = new RevocationCheck(0);
        List<Long> since = new ArrayList<>();
        check.run(s -> {
            since.add(s);
            throw new SessionStoreException("database down", null, null, true);
        }, handled::addAll);
        check.run(s -> {
            since.add(s);
            return List.of("late");
        }, handled::addAll);
        assertEquals(since.get(0), since.get(1));
        assertEquals(List.of("late"), handled);
    }

    @Test
    void withAnIntervalAtMostOneCheckPerInterval() {
        RevocationCheck check = new RevocationCheck(SessiondbConfig.MAX_REVOCATION_CHECK_MS);
        for (int i = 0; i < 3; i++) {
            check.run(s -> List.of("s" + queries.incrementAndGet()), handled::addAll);
        }
        assertEquals(1, queries.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code thread} is blocked (on the check in flight). */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (thread.getState() != Thread.State.WAITING && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Thread.State.WAITING, thread.getState());
    }
}
