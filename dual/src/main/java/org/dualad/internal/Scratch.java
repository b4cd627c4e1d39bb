package org.dualad.internal;

import java.lang.ref.SoftReference;

/**
 * One reusable object per thread (a facade's scratch tape), kept between calls through a
 * {@link SoftReference}, so the collector reclaims it before the heap would run out. A call
 * {@link #take() takes} it out and {@link #keep(Object) keeps} it again when done: while a call
 * holds it the thread has none, so a call nested inside the user's function gets a fresh object
 * instead of the one its caller is using. Each instance is one facade's slot; every thread's slot
 * is its own.
 *
 * @param <T> the kept object's type
 */
public final class Scratch<T> {
    /**
     * Per thread: the soft reference to the kept object, and whether a call holds that object.
     * The reference is kept while a call holds it, so that keeping the same object again
     * allocates nothing (a reference object per call would cost the collector too).
     */
    private static final class Slot<T> {
        SoftReference<T> ref;
        boolean held;
    }

    private final ThreadLocal<Slot<T>> slots = ThreadLocal.withInitial(Slot::new);

    /** Creates a slot that keeps nothing yet, on any thread. */
    public Scratch() {
    }

    /**
     * Takes this thread's kept object: until it is kept again the thread has none to give.
     *
     * @return the object, or null when none is kept (first call, reclaimed, released, or in use
     *     by an enclosing call)
     */
    public T take() {
        Slot<T> slot = slots.get();
        if (slot.held || slot.ref == null) {
            return null;
        }
        T t = slot.ref.get();
        slot.held = t != null;
        return t;
    }

    /**
     * Keeps the object as this thread's, for the next {@link #take()}: the one taken, or another
     * (a nested call's) that replaces it.
     *
     * @param t the object, owned by the calling thread
     */
    public void keep(T t) {
        Slot<T> slot = slots.get();
        if (slot.ref == null || slot.ref.get() != t) {
            slot.ref = new SoftReference<>(t);
        }
        slot.held = false;
    }

    /**
     * @return this thread's kept object, left in the slot, or null when none is kept or a call
     *     holds it
     */
    public T peek() {
        Slot<T> slot = slots.get();
        return slot.held || slot.ref == null ? null : slot.ref.get();
    }

    /** Lets this thread's kept object go now; other threads' are untouched. */
    public void release() {
        Slot<T> slot = slots.get();
        slot.ref = null;
        slot.held = false;
    }
}
