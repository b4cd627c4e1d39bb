package org.dualad.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-thread slot behind the facades' scratch tapes. */
class ScratchTest {

    @Test
    void takeGivesTheKeptObjectOnceUntilItIsKeptAgain() {
        Scratch<Object> s = new Scratch<>();
        assertNull(s.take(), "nothing kept yet");
        Object a = new Object();
        s.keep(a);
        assertSame(a, s.peek());
        assertSame(a, s.take());
        assertNull(s.take(), "held by a call: a nested call gets none");
        assertNull(s.peek(), "held by a call");
        s.keep(a);
        assertSame(a, s.take());
        Object nested = new Object();
        s.keep(nested); // a nested call's object replaces the held one
        assertSame(nested, s.take());
        s.keep(nested);
        s.release();
        assertNull(s.peek());
        assertNull(s.take());
    }

    @Test
    void eachThreadHasItsOwnSlot() throws InterruptedException {
        Scratch<Object> s = new Scratch<>();
        Object mine = new Object();
        s.keep(mine);
        AtomicReference<Object> seen = new AtomicReference<>(new Object());
        Thread t = new Thread(() -> seen.set(s.take()));
        t.start();
        t.join();
        assertNull(seen.get(), "another thread sees none");
        assertSame(mine, s.take());
    }
}
