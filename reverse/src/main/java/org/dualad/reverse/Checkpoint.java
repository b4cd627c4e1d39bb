package org.dualad.reverse;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Function;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.StepFunction;
import org.dualad.ValueAndGradient;
import org.dualad.VectorFunction;
import org.dualad.dual.Dual;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.internal.Arguments;

/**
 * Reverse mode through a long loop x<sub>t+1</sub> = step(t, x<sub>t</sub>, p), t = 0 ... T-1,
 * in bounded memory: binomial checkpointing (Griewank and Walther's <i>revolve</i> schedule).
 *
 * <p>Recording the whole loop on one tape costs memory proportional to T (a pendulum integrated
 * for 10<sup>6</sup> steps records 5 x 10<sup>6</sup> nodes). Here only s snapshots of the state
 * are held; the backward pass re-runs steps from the nearest snapshot instead of storing them, and
 * records one step at a time (a tape of one step's size, reused). With s snapshots every step is
 * re-run at most r times, where r is the least number with C(s + r, s) &ge; T: the schedule is
 * optimal for that s (the first snapshot of a stretch of l steps is placed l - C(s - 1 + r, s - 1)
 * steps in, as revolve does).
 *
 * <table>
 *   <caption>cost of one gradient, T steps of a state of n numbers</caption>
 *   <tr><th>snapshots s</th><th>memory</th><th>re-runs r per step</th></tr>
 *   <tr><td>default ceil(sqrt(2T))</td><td>O(sqrt T) states</td><td>at most 2</td></tr>
 *   <tr><td>ceil(log2 T)</td><td>O(log T) states</td><td>about log2 T / log2 log2 T</td></tr>
 *   <tr><td>T - 1</td><td>every state</td><td>0 (no re-run)</td></tr>
 * </table>
 * The schedule's first descent runs the loop once, placing snapshots on the way; the steps re-run
 * later are counted in {@link LoopGradient#advancedSteps()} (at most T + r T in all). Each step is
 * recorded and swept once, on a tape of that one step ({@link Reverse#vjp}). The results equal those of recording the whole loop on one tape to rounding (the
 * per-step sweeps add the same products in another grouping).
 *
 * <pre>{@code
 * LoopGradient g = Checkpoint.gradient(Pendulum::euler, 1_000_000, new double[] {1, 0},
 *         new double[] {9.81}, Pendulum::energy);
 * g.initialState();   // d energy(x_T) / d x_0
 * g.parameters();     // d energy(x_T) / d p
 * }</pre>
 *
 * Thread-safe: every call has its own snapshots and tapes.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /**
     * The default number of snapshots for T steps, ceil(sqrt(2T)): each step re-run at most twice.
     *
     * @param steps T &ge; 1
     * @return s
     */
    public static int defaultSnapshots(int steps) {
        return (int) Math.min(Math.max(steps - 1, 0), (long) Math.ceil(Math.sqrt(2.0 * steps)));
    }

    /**
     * The number of times the schedule re-runs a step at most: the least r with C(s + r, s) &ge; T.
     *
     * @param steps T &ge; 1
     * @param snapshots s &ge; 0
     * @return r
     */
    public static int repetitions(int steps, int snapshots) {
        if (snapshots == 0) {
            return Math.max(steps - 1, 0);
        }
        int r = 0;
        while (beta(snapshots, r) < steps) {
            r++;
        }
        return r;
    }

    /** C(s + r, s), saturated at Long.MAX_VALUE. */
    static long beta(int s, int r) {
        long b = 1;
        for (int i = 1; i <= Math.min(s, r); i++) {
            int big = Math.max(s, r);
            // b = C(big + i, i), exact: C(big + i, i) = C(big + i - 1, i - 1) (big + i) / i
            if (b > Long.MAX_VALUE / (big + i)) {
                return Long.MAX_VALUE;
            }
            b = b * (big + i) / i;
        }
        return b;
    }

    /**
     * The gradient of loss(x<sub>T</sub>) with respect to x<sub>0</sub> and p, with the default
     * number of snapshots.
     *
     * @param step the loop's step
     * @param steps T &ge; 1
     * @param x0 the initial state, n &ge; 1 numbers (not modified)
     * @param p the parameters, possibly empty (not modified)
     * @param loss a scalar function of the final state
     * @return the loss, the final state and both gradients
     */
    public static LoopGradient gradient(StepFunction step, int steps, double[] x0, double[] p, ScalarFunction loss) {
        return gradient(step, steps, x0, p, loss, steps < 1 ? 0 : defaultSnapshots(steps));
    }

    /**
     * The gradient of loss(x<sub>T</sub>) with a chosen number of snapshots.
     *
     * @param step the loop's step
     * @param steps T &ge; 1
     * @param x0 the initial state, n &ge; 1 numbers (not modified)
     * @param p the parameters, possibly empty (not modified)
     * @param loss a scalar function of the final state
     * @param snapshots s &ge; 0 states held at once besides x<sub>0</sub>
     * @return the loss, the final state and both gradients
     */
    public static LoopGradient gradient(StepFunction step, int steps, double[] x0, double[] p, ScalarFunction loss,
                                        int snapshots) {
        Arguments.function(loss, "gradient");
        Sweep s = new Sweep("gradient", step, steps, x0, p, snapshots);
        return s.run(xT -> Reverse.valueAndGradient(loss, xT));
    }

    /**
     * The vector-Jacobian products u<sup>T</sup> dx<sub>T</sub>/dx<sub>0</sub> and
     * u<sup>T</sup> dx<sub>T</sub>/dp, with the default number of snapshots.
     *
     * @param step the loop's step
     * @param steps T &ge; 1
     * @param x0 the initial state, n &ge; 1 numbers (not modified)
     * @param p the parameters, possibly empty (not modified)
     * @param u the cotangent of the final state, n numbers (not modified)
     * @return u&middot;x<sub>T</sub>, the final state and both products
     */
    public static LoopGradient vjp(StepFunction step, int steps, double[] x0, double[] p, double[] u) {
        return vjp(step, steps, x0, p, u, steps < 1 ? 0 : defaultSnapshots(steps));
    }

    /**
     * The vector-Jacobian products with a chosen number of snapshots.
     *
     * @param step the loop's step
     * @param steps T &ge; 1
     * @param x0 the initial state, n &ge; 1 numbers (not modified)
     * @param p the parameters, possibly empty (not modified)
     * @param u the cotangent of the final state, n numbers (not modified)
     * @param snapshots s &ge; 0 states held at once besides x<sub>0</sub>
     * @return u&middot;x<sub>T</sub>, the final state and both products
     */
    public static LoopGradient vjp(StepFunction step, int steps, double[] x0, double[] p, double[] u,
                                   int snapshots) {
        Sweep s = new Sweep("vjp", step, steps, x0, p, snapshots);
        double[] seed = Arguments.sameLength(u, "u", x0.length, "vjp").clone();
        return s.run(xT -> {
            double dot = 0;
            for (int i = 0; i < seed.length; i++) {
                dot += seed[i] * xT[i];
            }
            return new ValueAndGradient(dot, seed);
        });
    }

    /**
     * The plain loop: x<sub>T</sub> from x<sub>0</sub>, no derivatives.
     *
     * @param step the loop's step
     * @param steps T &ge; 0
     * @param x0 the initial state (not modified)
     * @param p the parameters, possibly empty (not modified)
     * @return x<sub>T</sub>
     */
    public static double[] run(StepFunction step, int steps, double[] x0, double[] p) {
        Sweep s = new Sweep("run", step, Math.max(steps, 1), x0, p, 0);
        double[] out = new double[x0.length];
        s.advance(x0, 0, steps, out);
        return out;
    }

    /** One checkpointed backward pass: its snapshots, adjoints and counters. */
    private static final class Sweep {
        private final String method;
        private final StepFunction step;
        private final int steps;
        private final int n;
        private final double[] x0;
        private final double[] p;
        /**
         * The parameters as the trace's constants: plain steps run on {@link HTape#constant}s, the
         * number type the recorded steps ({@link Reverse#vjp}) and the loss's gradient run the
         * step on too, so the step's compiled code sees one type (ARCHITECTURE.md, "Every mode on
         * one trace"), and a plain step's values are bitwise those of the recorded one.
         */
        private final HVar[] plainP;
        /** Set once the step has refused the trace's constants: plain steps then run on Duals. */
        private boolean firstOrderOnly;
        /** Snapshot storage, used as a stack (the schedule frees snapshots in reverse order). */
        private final double[][] pool;
        private int used;
        private int peak;
        private final double[] lambda;
        private final double[] mu;
        private final double[] z;
        private final double[] scratch;
        private long advanced;
        private long recorded;
        private Function<double[], ValueAndGradient> seeder;
        private ValueAndGradient seed;
        private double[] xT;

        Sweep(String method, StepFunction step, int steps, double[] x0, double[] p, int snapshots) {
            this.method = method;
            this.step = Arguments.function(step, method);
            if (steps < 1) {
                throw new IllegalArgumentException(method + ": steps must be at least 1, got " + steps);
            }
            if (snapshots < 0) {
                throw new IllegalArgumentException(method + ": snapshots must be at least 0, got " + snapshots);
            }
            this.steps = steps;
            this.x0 = Arguments.point(x0, method).clone();
            this.p = Objects.requireNonNull(p, () -> method + ": p must not be null (pass new double[0] for none)").clone();
            this.n = x0.length;
            this.plainP = new HVar[p.length];
            for (int i = 0; i < p.length; i++) {
                plainP[i] = HTape.constant(p[i]);
            }
            int s = Math.min(snapshots, steps - 1);
            this.pool = new double[s][];
            this.lambda = new double[n];
            this.mu = new double[p.length];
            this.z = new double[n + p.length];
            this.scratch = new double[n];
        }

        /**
         * Runs the schedule. Its first descent advances from x_0 to x_(T-1) once, placing the
         * snapshots on the way (as revolve does); one more step gives x_T, where the seed is
         * evaluated before the first step is swept.
         */
        LoopGradient run(Function<double[], ValueAndGradient> seeder) {
            this.seeder = seeder;
            reverse(0, steps, x0, pool.length);
            return new LoopGradient(seed.value(), xT, lambda.clone(), mu.clone(), peak, advanced, recorded);
        }

        /** Called once, at the first step to be swept (the last step, T - 1): x_T and the seed. */
        private void seedAt(double[] xLast) {
            xT = new double[n];
            advance(xLast, steps - 1, 1, xT);
            seed = seeder.apply(xT);
            System.arraycopy(seed.gradient(), 0, lambda, 0, n);
        }

        /**
         * Reverses steps [a, a + l) given x_a, with s snapshots free. The schedule is recursive
         * (reverse the right part with one snapshot fewer, then the left part); it runs as a loop
         * over an explicit stack of pending left parts, so a schedule with thousands of snapshots
         * needs no deep call stack.
         */
        private void reverse(int a, int l, double[] xa, int s) {
            ArrayDeque<Pending> later = new ArrayDeque<>();
            while (true) {
                while (l > 1 && s > 0) {
                    int r = repetitions(l, s);
                    // revolve's placement: the right part must fit s - 1 snapshots with r re-runs
                    long right = beta(s - 1, r);
                    int m = (int) Math.max(1, l - Math.min(right, l - 1));
                    int slot = used++;
                    if (pool[slot] == null) {
                        pool[slot] = new double[n];
                    }
                    peak = Math.max(peak, used);
                    advance(xa, a, m, pool[slot]);
                    later.push(new Pending(a, m, xa, s, slot));
                    a += m;
                    l -= m;
                    xa = pool[slot];
                    s--;
                }
                if (l == 1) {
                    if (seed == null) {
                        seedAt(xa);
                    }
                    record(a, xa);
                } else { // no snapshot left: re-run from x_a for every step, last first
                    for (int k = l - 1; k >= 0; k--) {
                        advance(xa, a, k, scratch);
                        if (seed == null) {
                            seedAt(scratch);
                        }
                        record(a + k, scratch);
                    }
                }
                Pending next = later.poll();
                if (next == null) {
                    return;
                }
                used = next.slot; // the right part is done: its snapshots are free again
                a = next.a;
                l = next.l;
                xa = next.xa;
                s = next.s;
            }
        }

        /**
         * out = x_{a + k} from x_a = from, by k plain steps on the trace's constants; on constant
         * {@link Dual}s if the step applies a rule with no second derivatives, which a trace
         * variable refuses (as {@link Reverse#vjp} then records the step on first-order numbers).
         */
        void advance(double[] from, int a, int k, double[] out) {
            if (!firstOrderOnly) {
                try {
                    HVar[] x = new HVar[n];
                    for (int i = 0; i < n; i++) {
                        x[i] = HTape.constant(from[i]);
                    }
                    advance(x, a, k, out, plainP);
                    advanced += k;
                    return;
                } catch (UnsupportedOperationException e) {
                    firstOrderOnly = true;
                }
            }
            Dual[] x = new Dual[n];
            for (int i = 0; i < n; i++) {
                x[i] = Dual.constant(from[i]);
            }
            Dual[] dp = new Dual[p.length];
            for (int i = 0; i < p.length; i++) {
                dp[i] = Dual.constant(p[i]);
            }
            advance(x, a, k, out, dp);
            advanced += k;
        }

        private <T extends RealFieldElement<T>> void advance(T[] x, int a, int k, double[] out, T[] params) {
            for (int t = a; t < a + k; t++) {
                x = checked(step.step(t, x, params), t);
            }
            for (int i = 0; i < n; i++) {
                out[i] = x[i].getReal();
            }
        }

        /** lambda, mu += the step's vjp at x_t = x, seeded by lambda. */
        private void record(int t, double[] x) {
            System.arraycopy(x, 0, z, 0, n);
            System.arraycopy(p, 0, z, n, p.length);
            double[] g = Reverse.vjp(new Step(step, t, n, p.length, this), z, lambda);
            System.arraycopy(g, 0, lambda, 0, n);
            for (int i = 0; i < mu.length; i++) {
                mu[i] += g[n + i];
            }
            recorded++;
        }

        <T> T[] checked(T[] y, int t) {
            if (y == null) {
                throw new NullPointerException(method + ": step returned null at t = " + t);
            }
            if (y.length != n) {
                throw new IllegalArgumentException(method + ": step returned " + y.length + " numbers at t = " + t
                        + " but the state has " + n + "; a step must return a state of the same length");
            }
            return y;
        }
    }

    /** A left part waiting for its right neighbour to be reversed; slot is the first snapshot it frees. */
    private record Pending(int a, int l, double[] xa, int s, int slot) {
    }

    /** Step t as a function of (x, p) concatenated: what {@link Reverse#vjp} records. */
    private static final class Step implements VectorFunction {
        private final StepFunction step;
        private final int t;
        private final int n;
        private final int np;
        private final Sweep sweep;

        Step(StepFunction step, int t, int n, int np, Sweep sweep) {
            this.step = step;
            this.t = t;
            this.n = n;
            this.np = np;
            this.sweep = sweep;
        }

        @Override
        public <T extends RealFieldElement<T>> T[] value(T[] z) {
            T[] x = MathArrays.buildArray(z[0].getField(), n);
            T[] p = MathArrays.buildArray(z[0].getField(), np);
            System.arraycopy(z, 0, x, 0, n);
            System.arraycopy(z, n, p, 0, np);
            return sweep.checked(step.step(t, x, p), t);
        }
    }
}
