package org.dualad.dual;

import java.util.function.Function;

/**
 * Runs the user's function for its value only, call after call, on constant {@link HVar}s that are
 * refilled rather than allocated anew: a replay's value guard, the plain re-runs of a checkpointed
 * loop, an optimizer's residuals. Constants, because {@link HVar} is the one number type every
 * facade runs f on, so a value-only run adds no type to f's compiled code (see ARCHITECTURE.md,
 * "Every mode on one trace"); refilled, because allocating n of them cost as much as a third of a
 * value run (Rosenbrock n = 1000: 48 KB of fresh memory a call).
 *
 * <p>Each run gets a new array, so that f cannot replace an input for the next run, but the same
 * constant objects, refilled with the new point. A constant f keeps past its run therefore reads
 * the next run's value: a run's result must be read before the next run (as every caller here does).
 * A run nested in another (f running this object's runs from inside f) gets constants of its own,
 * so the outer run's inputs stay as they are. Not thread safe: one object per thread or per
 * synchronized owner.
 *
 * <pre>{@code
 * ValueRun run = new ValueRun(2);
 * double v = run.apply(new double[] {3, 4}, x -> x[0].multiply(x[1])).value(); // 12.0
 * }</pre>
 */
public final class ValueRun {
    private final HVar[] kept;
    private boolean running;

    /**
     * @param n the number of inputs each run takes, at least 0
     * @throws IllegalArgumentException if n &lt; 0
     */
    public ValueRun(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("ValueRun: n must be at least 0, got " + n);
        }
        kept = new HVar[n];
        for (int i = 0; i < n; i++) {
            kept[i] = HTape.constant(0);
        }
    }

    /** @return the number of inputs each run takes */
    public int size() {
        return kept.length;
    }

    /**
     * f on constants holding x (a new array of this object's constants, refilled; new constants
     * when called from inside another run).
     *
     * @param x the point, one entry per input (not modified)
     * @param f the function of the constants
     * @param <R> f's result
     * @return f's result
     * @throws IllegalArgumentException if x does not have {@link #size()} entries
     */
    public <R> R apply(double[] x, Function<HVar[], R> f) {
        int n = kept.length;
        if (x.length != n) {
            throw new IllegalArgumentException("ValueRun.apply: x has length " + x.length + " but this run takes "
                    + n + " inputs; pass one entry per input");
        }
        HVar[] in = new HVar[n];
        if (running) {
            for (int i = 0; i < n; i++) {
                in[i] = HTape.constant(x[i]);
            }
            return f.apply(in);
        }
        HVar[] k = kept;
        for (int i = 0; i < n; i++) {
            k[i].refill(x[i]);
            in[i] = k[i];
        }
        running = true;
        try {
            return f.apply(in);
        } finally {
            running = false;
        }
    }
}
