package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionLocksTest {

    @Test
    void secondRequestOfASessionWaitsForTheFirst() throws Exception {
        SessionLocks locks = new SessionLocks();
        SessionLocks.Held first = locks.acquire("s1");
        CountDownLatch acquired = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            locks.acquire("s1").release();
            acquired.countDown();
        });
        second.start();
        assertFalse(acquired.await(200, TimeUnit.MILLISECONDS), "waits while the first holds the session");
        first.release();
        assertTrue(acquired.await(10, TimeUnit.SECONDS));
        second.join();
        assertEquals(0, locks.size(), "no entry is left behind");
    }

    @Test
    void differentSessionsDoNotWait() {
        SessionLocks locks = new SessionLocks();
        SessionLocks.Held one = locks.acquire("s1");
        SessionLocks.Held two = locks.acquire("s2");
        assertEquals(2, locks.size());
        one.release();
        two.release();
        assertEquals(0, locks.size());
    }
}
