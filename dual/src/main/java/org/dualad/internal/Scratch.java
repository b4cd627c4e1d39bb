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
    /** Per thread, a one-element slot: empty (null) while a call uses the object or none is kept. */
    private final ThreadLocal<Object[]> slots = ThreadLocal.withInitial(() -> new Object[1]);

    /** Creates a slot that keeps nothing yet, on any thread. */
    public Scratch() {
    }

    /**
     * Takes this thread's kept object out of the slot.
     *
     * @return the object, or null when none is kept (first call, reclaimed, released, or in use
     *     by an enclosing call)
     */
    public T take() {
        Object[] slot = slots.get();
        T t = get(slot);
        slot[0] = null;
        return t;
    }

    /**
     * Keeps the object as this thread's, for the next {@link #take()}.
     *
     * @param t the object, owned by the calling thread
     */
    public void keep(T t) {
        slots.get()[0] = new SoftReference<>(t);
    }

    /**
     * @return this thread's kept object, left in the slot, or null when none is kept
     */
    public T peek() {
        return get(slots.get());
    }

    /** Lets this thread's kept object go now; other threads' are untouched. */
    public void release() {
        slots.get()[0] = null;
    }

    @SuppressWarnings("unchecked")
    private T get(Object[] slot) {
        Object ref = slot[0];
        return ref == null ? null : ((SoftReference<T>) ref).get();
    }
}
