package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DualAD's replacement for the loop thread of rapaio-jupyter-kernel 3.0.1, which runs the shell,
 * control and heartbeat sockets' polling loops. It takes the original's place because it comes
 * first on the kernel's class path (notebooks/run.sh puts the dualad-notebook jar before the
 * kernel jar); the kernel's channels construct it with the same constructor and call the same
 * methods.
 *
 * <p>Why: the original sets its {@code running} flag only after {@code Thread.start()} returns, so
 * a thread that is scheduled at once reads {@code false}, leaves its loop and ends silently: 71 of
 * 1000 such threads on Java 17, 44 of 1000 on Java 25, on a busy 2-core machine. A kernel runs
 * three of them (shell, control, heartbeat); when the shell thread is lost, the kernel never
 * answers a request and the client waits forever (5 of 23 starts of the unmodified kernel hung
 * here; the thread dumps of the hung kernels lack the shell thread, and nothing was logged).
 * Here the flag is true from construction. Second, a request that reaches the shell socket before the kernel has registered
 * its handlers (they are registered after the last socket is bound) made the loop body throw a
 * {@code NullPointerException}, which ended the thread; here the failure is logged and the loop
 * goes on (Jupyter's client repeats its kernel_info request every second until one is answered).
 */
public final class LoopThread extends Thread {
    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    private volatile boolean running = true;
    private final long sleep;
    private final Runnable loopBody;

    /**
     * A loop thread, not yet started.
     *
     * @param name the thread's name
     * @param sleep milliseconds to sleep after each run of the body
     * @param loopBody what each turn of the loop does (poll a socket and handle what arrived)
     */
    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    /** Runs the body, then sleeps, until {@link #shutdown} or an interrupt. */
    @Override
    public void run() {
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                LOGGER.log(Level.SEVERE, getName() + ": the loop body failed; the loop goes on", e);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    /** Ends the loop after its current turn. */
    public void shutdown() {
        running = false;
    }

    /** @return whether the loop still runs (true from construction until {@link #shutdown}) */
    public boolean isRunning() {
        return running;
    }
}
