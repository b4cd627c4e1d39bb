package org.rapaio.jupyter.kernel.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopThreadTest {

    /**
     * The kernel's own LoopThread set its running flag after start(), so a thread scheduled at once
     * could end before its first turn. Every one of many threads started back to back must run.
     */
    @Test
    void everyStartedLoopRunsItsBody() throws InterruptedException {
        int n = 200;
        CountDownLatch ran = new CountDownLatch(n);
        List<LoopThread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AtomicInteger turns = new AtomicInteger();
            LoopThread t = new LoopThread("loop-" + i, 1, () -> {
                if (turns.getAndIncrement() == 0) {
                    ran.countDown();
                }
            });
            threads.add(t);
            t.start();
        }
        boolean all = ran.await(60, TimeUnit.SECONDS);
        for (LoopThread t : threads) {
            assertTrue(t.isAlive() || !t.isRunning(), t.getName() + " ended while running");
            t.shutdown();
        }
        for (LoopThread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " did not end after shutdown");
        }
        assertTrue(all, (ran.getCount()) + " of " + n + " loops never ran their body");
    }

    /** A request that arrives before the handlers exist threw; the loop must survive it. */
    @Test
    void aFailingTurnDoesNotEndTheLoop() throws InterruptedException {
        AtomicInteger turns = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(1);
        LoopThread t = new LoopThread("failing", 1, () -> {
            int k = turns.incrementAndGet();
            if (k == 3) {
                third.countDown();
            }
            if (k == 1) {
                throw new NullPointerException("no handlers yet");
            }
        });
        t.start();
        assertTrue(third.await(60, TimeUnit.SECONDS), "the loop stopped after " + turns.get() + " turns");
        t.shutdown();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertFalse(t.isRunning());
    }

    @Test
    void anInterruptEndsTheLoop() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        LoopThread t = new LoopThread("interrupted", 50, started::countDown);
        t.start();
        assertTrue(started.await(60, TimeUnit.SECONDS));
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals(false, t.isRunning());
    }
}
