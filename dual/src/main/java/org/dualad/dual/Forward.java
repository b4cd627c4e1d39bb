package org.dualad.dual;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.TapeFootprint;
import org.dualad.UnaryFunction;
import org.dualad.ValueAndGradient;
import org.dualad.ValueAndJacobian;
import org.dualad.VectorFunction;
import org.dualad.internal.Arguments;
import org.ejml.data.DMatrixRMaj;

/**
 * Forward mode: derivatives by carrying tangents forward from the inputs.
 *
 * <p>Scalar functions (gradient, directional derivatives, Hessian, Hessian-vector product) run f
 * on ONE number type, {@link HVar}, recording onto this thread's scratch {@link HTape}, the trace
 * that {@code Reverse} and {@code Hybrid} record f on too: f's compiled code is then the same
 * whatever mode calls it, so a program that runs f in several modes pays for none of them twice.
 * <ul>
 *   <li>{@link #directionalDerivative} and {@link #secondDirectionalDerivative}: every input on
 *       one node of the tape ({@link HTape#along}), nothing recorded; one run of f, about the cost
 *       of one dual-number pass;</li>
 *   <li>{@link #gradient}: one run of f, then ceil(n / k) forward tangent sweeps over the recorded
 *       nodes, k = {@link #chunkSize(int)} directions each (one sweep up to {@link #MAX_CHUNK}
 *       inputs); each node carries only its window of non-zero tangents;</li>
 *   <li>{@link #jacobian}: one run of f, then the same windowed forward sweeps, reading every
 *       output's tangents; {@link #jvp}: every input on one node, as the directional
 *       derivative;</li>
 *   <li>{@link #hessian} and {@link #hvp}: one run of f, then the tape's second-order sweeps.</li>
 * </ul>
 * Functions of one variable run on {@link Dual}, {@link HyperDual} and {@link Taylor}.
 * {@link DualNumbers} keeps the tape-free kernels (Dual, MultiDual, hyper-duals).
 * An f that cannot run on {@link HVar}, a second-order type (it applies a custom {@link Rule} or
 * {@link VectorRule} given with first derivatives only, which throws
 * {@link UnsupportedOperationException} there), still gets its gradient and directional
 * derivative, Jacobian and jvp: these run it again on dual numbers ({@link DualNumbers}); its Hessian and
 * Hessian-vector product throw that exception, as every second-order mode does.
 * Best when inputs are few or outputs many; for gradients of many inputs use reverse mode.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T f(T[] x) {      // u^3 + v^2 + 4uv
 *     return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
 * }
 * Forward.gradient(MyFns::f, 3, 4);   // [43.0, 20.0]
 * Forward.hessian(MyFns::f, 3, 4);    // [[18, 4], [4, 2]]
 * }</pre>
 *
 * <h2>Tape memory</h2>
 * Each thread keeps one scratch tape between calls, as {@code Hybrid} does: reset before every
 * call (no result depends on an earlier one), held through a soft reference, shrunk after many
 * calls much smaller than it ({@link org.dualad.internal.TapeMemory}), let go by
 * {@link #releaseScratch()}; a call nested inside f gets a fresh tape. It takes 48 bytes a node
 * recorded plus the sweeps' work arrays ({@link HTape}); a gradient's sweeps take, for the call,
 * 24 bytes a node and 8 bytes per tangent entry in the nodes' windows (at least 16 bytes a node).
 * {@link #scratchFootprint()} reads it.
 *
 * <p>All methods are thread-safe: each thread records on its own tape.
 */
public final class Forward {
    /**
     * The most tangent directions carried per pass (a sweep of {@link #gradient}, a pass of
     * {@link #jacobian} or {@link DualNumbers#gradient}) by default. Up to this many inputs a
     * gradient is one pass; beyond, balanced chunks of at most this many bound the memory per
     * node or operation (1 KiB). Windows of non-zero tangents make a wide chunk cheap when inputs
     * touch few operations.
     */
    public static final int MAX_CHUNK = 128;

    private Forward() {
    }

    /**
     * The number of tangents per pass for n inputs: n when n &le; {@link #MAX_CHUNK}, else
     * ceil(n / ceil(n / MAX_CHUNK)), balanced so that every pass carries about as many.
     *
     * @param n the number of inputs
     * @return the chunk size k
     */
    public static int chunkSize(int n) {
        return chunkSize(n, MAX_CHUNK);
    }

    /**
     * The chunking rule every facade shares (tangents per forward pass here, directions per
     * sweep in {@code Hybrid}): n when n &le; max, else ceil(n / ceil(n / max)), so that the
     * ceil(n / max) passes carry about as many each.
     *
     * @param n the number of directions to cover, &ge; 0
     * @param max the most directions per pass, &ge; 1
     * @return the chunk size, 1 &le; chunk &le; max
     * @throws IllegalArgumentException if max &lt; 1
     */
    public static int chunkSize(int n, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("chunkSize: max must be at least 1, got " + max);
        }
        if (n <= max) {
            return Math.max(n, 1);
        }
        int passes = (n + max - 1) / max;
        return (n + passes - 1) / passes;
    }

    /**
     * f'(x) in one pass of a {@link Dual}.
     *
     * @param f the function
     * @param x the point
     * @return df/dx at x
     */
    public static double derivative(UnaryFunction f, double x) {
        Arguments.function(f, "derivative");
        return Arguments.output(f.value(Dual.variable(x)), "derivative").tangent();
    }

    /**
     * f''(x) in one pass of a {@link HyperDual}: exact, no step size.
     *
     * @param f the function
     * @param x the point
     * @return d2f/dx2 at x
     */
    public static double secondDerivative(UnaryFunction f, double x) {
        Arguments.function(f, "secondDerivative");
        return Arguments.output(f.value(HyperDual.variable(x)), "secondDerivative").e1e2();
    }

    /**
     * The gradient of f at x by forward accumulation over f's trace: f runs once on {@link HVar}s
     * of this thread's scratch {@link HTape}, then tangent sweeps of unit directions go forward
     * over the recorded nodes ({@link HTape#forwardGradient(HVar)}); each node keeps only the
     * window of directions its tangents are non-zero on, so a function of local terms costs a few
     * entries a node, and then one sweep carries all n directions; a dense f takes ceil(n / k)
     * sweeps of about k = {@link #chunkSize(int)}.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return the n partial derivatives
     */
    public static double[] gradient(ScalarFunction f, double... x) {
        return valueAndGradient(f, x, 0, "gradient").gradient();
    }

    /**
     * The gradient with a chosen number of tangent directions per sweep over the trace.
     *
     * @param f the function
     * @param x the point (not modified)
     * @param chunk directions per sweep, 1 &le; chunk; larger than n means n
     * @return the n partial derivatives
     * @throws IllegalArgumentException if chunk &lt; 1
     */
    public static double[] gradient(ScalarFunction f, double[] x, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("gradient: chunk must be at least 1, got " + chunk);
        }
        return valueAndGradient(f, x, chunk, "gradient").gradient();
    }

    /**
     * The value and the gradient of f at x from one run of f (see {@link #gradient(ScalarFunction, double...)}).
     *
     * @param f the function
     * @param x the point (not modified)
     * @return f(x) and its gradient
     */
    public static ValueAndGradient valueAndGradient(ScalarFunction f, double... x) {
        return valueAndGradient(f, x, 0, "valueAndGradient");
    }

    private static ValueAndGradient valueAndGradient(ScalarFunction f, double[] x, int chunk, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
        int k = chunk == 0 ? chunkSize(x.length) : chunk;
        HTape tape = acquire().firstOrderCall();
        HVar y;
        try {
            try {
                y = run(f, tape.variables(x), tape, method);
            } catch (UnsupportedOperationException e) {
                // a custom rule of first derivatives only cannot run on HVar (second order): such
                // an f runs on dual numbers instead, and an error of f's own comes back from there
                return DualNumbers.valueAndGradient(f, x, chunk, method);
            }
            return new ValueAndGradient(y.value(), chunk == 0 ? tape.forwardGradient(y) : tape.forwardGradient(y, k));
        } finally {
            release(tape);
        }
    }

    /** Inputs base..base+width-1 become variables of a width-wide MultiDual, the rest constants. */
    static void seed(MultiDual[] in, double[] x, int base, int width) {
        // a pass of its own, so that a number kept from another pass throws when mixed in
        Object pass = new Object();
        for (int i = 0; i < x.length; i++) {
            int dir = i - base;
            in[i] = dir >= 0 && dir < width ? MultiDual.variable(x[i], dir, width, pass)
                    : MultiDual.constant(x[i], width);
        }
    }

    /**
     * The directional derivative &nabla;f(x)&middot;v in one run of f on {@link HVar}s that all sit
     * on one node of this thread's scratch tape ({@link HTape#along}): every operation folds into
     * that node's derivatives and nothing is recorded, so it costs about one dual-number pass.
     *
     * @param f the function
     * @param x the point (not modified)
     * @param v the direction, same length as x (not modified)
     * @return the derivative of f along v
     */
    public static double directionalDerivative(ScalarFunction f, double[] x, double[] v) {
        try {
            return along(f, x, v, true, "directionalDerivative").p;
        } catch (UnsupportedOperationException e) {
            // first-order custom rules only: see valueAndGradient
            return DualNumbers.directionalDerivative(f, x, v);
        }
    }

    /**
     * The second directional derivative v<sup>T</sup>H(x)v = d&sup2;/dt&sup2; f(x + t v) at t = 0, from
     * the same single run as {@link #directionalDerivative} (which carries it for free): no Hessian
     * is formed, nothing is recorded.
     *
     * @param f the function
     * @param x the point (not modified)
     * @param v the direction, same length as x (not modified)
     * @return v<sup>T</sup>H v
     */
    public static double secondDirectionalDerivative(ScalarFunction f, double[] x, double[] v) {
        return along(f, x, v, false, "secondDirectionalDerivative").q;
    }

    /**
     * f on the line x + t v, every input on one node of the scratch tape; the output's p and q are
     * the derivatives. For p alone the tape is marked first order: the binary operations then skip
     * the second partials that only q reads.
     */
    private static HVar along(ScalarFunction f, double[] x, double[] v, boolean firstOrder, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
        Arguments.sameLength(v, "v", x.length, method);
        HTape tape = firstOrder ? acquire().firstOrderCall() : acquire();
        try {
            return run(f, tape.along(x, v), tape, method);
        } finally {
            release(tape);
        }
    }

    /**
     * The Jacobian-vector product J(x) v in one run of f on {@link HVar}s that all sit on one node
     * of this thread's scratch tape ({@link HTape#along}), as {@link #directionalDerivative}:
     * each output's p is its entry, nothing is recorded, and f runs on the number type every
     * other facade runs it on. An f with a first-order rule runs on {@link Dual}s instead
     * ({@link DualNumbers#jvp}).
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified)
     * @param v the direction, same length as x (not modified)
     * @return the m entries of J v
     */
    public static double[] jvp(VectorFunction f, double[] x, double[] v) {
        Arguments.function(f, "jvp");
        Arguments.point(x, "jvp");
        Arguments.sameLength(v, "v", x.length, "jvp");
        HTape tape = acquire().firstOrderCall();
        double[] out = null;
        try {
            Object[] y = Arguments.output((Object[]) erased(f, tape.along(x, v)), -1, "jvp");
            out = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                Object yi = y[i];
                // the message is built only when thrown: m concatenations a call would cost more than f
                out[i] = yi instanceof HVar && (((HVar) yi).gen == null || ((HVar) yi).gen == tape.gen) ? ((HVar) yi).p
                        : output(yi, tape, "jvp: output " + i).p;
            }
        } catch (UnsupportedOperationException e) {
            out = null; // first-order custom rules only: see valueAndGradient
        } finally {
            release(tape);
        }
        return out != null ? out : DualNumbers.jvp(f, x, v);
    }

    static Dual[] duals(double[] x, double[] v) {
        Dual[] in = new Dual[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = Dual.of(x[i], v[i]);
        }
        return in;
    }

    /**
     * The m x n Jacobian of f at x by forward sweeps over one run of f on this thread's scratch
     * tape (see {@link #valueAndJacobian}).
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return J with J(i, j) = d f_i / d x_j
     */
    public static DMatrixRMaj jacobian(VectorFunction f, double... x) {
        return valueAndJacobian(f, x, "jacobian").jacobian();
    }

    /**
     * The outputs and the m x n Jacobian of f at x: f runs once on {@link HVar}s recording onto
     * this thread's scratch tape, then ceil(n / K) forward sweeps of K = {@link HTape#directions}
     * unit directions give the columns, every node carrying its tangents only on the window of
     * directions where they can be non-zero ({@link HTape#jacobian}). f runs on the number type
     * every other facade runs it on; an f with a first-order rule runs on {@link MultiDual}s
     * instead ({@link DualNumbers#valueAndJacobian}).
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return f(x) and J with J(i, j) = d f_i / d x_j
     */
    public static ValueAndJacobian valueAndJacobian(VectorFunction f, double... x) {
        return valueAndJacobian(f, x, "valueAndJacobian");
    }

    private static ValueAndJacobian valueAndJacobian(VectorFunction f, double[] x, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
        HTape tape = acquire().firstOrderCall();
        ValueAndJacobian r = null;
        try {
            Object[] y = Arguments.output((Object[]) erased(f, tape.variables(x)), -1, method);
            HVar[] out = new HVar[y.length];
            double[] values = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                Object yi = y[i];
                // the message is built only when thrown: m concatenations a call would cost more than f
                out[i] = yi instanceof HVar ? (HVar) yi : output(yi, tape, method + ": output " + i);
                values[i] = out[i].value();
            }
            r = new ValueAndJacobian(values, tape.jacobian(out, 0, method));
        } catch (UnsupportedOperationException e) {
            r = null; // first-order custom rules only: see valueAndGradient
        } finally {
            release(tape);
        }
        return r != null ? r : DualNumbers.valueAndJacobian(f, x, method);
    }

    /**
     * The n x n Hessian of f at x from one run of f on this thread's scratch tape: ceil(n / K)
     * sweeps of K = {@link HTape#directions(int)} directions each, a forward tangent sweep and a
     * backward sweep of adjoint tangents ({@link HTape#hessian(HVar)}); exact to rounding, no step
     * size, and exactly symmetric (each off-diagonal pair is replaced by its mean).
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return H with H(i, j) = d2f / dx_i dx_j
     */
    public static DMatrixRMaj hessian(ScalarFunction f, double... x) {
        Arguments.function(f, "hessian");
        Arguments.point(x, "hessian");
        HTape tape = acquire();
        try {
            return tape.hessian(run(f, tape.variables(x), tape, "hessian"));
        } finally {
            release(tape);
        }
    }

    /**
     * The Hessian-vector product H v of f at x from one run of f on this thread's scratch tape,
     * one tangent sweep along v and one backward sweep of dual adjoints ({@link HTape#hvp(HVar, double[])}):
     * no H is formed, and the cost is a small constant times one gradient, whatever n.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @param v the direction, n entries (not modified)
     * @return H v, n entries
     */
    public static double[] hvp(ScalarFunction f, double[] x, double[] v) {
        Arguments.function(f, "hvp");
        Arguments.point(x, "hvp");
        Arguments.sameLength(v, "v", x.length, "hvp");
        HTape tape = acquire();
        try {
            return tape.hvp(run(f, tape.variables(x), tape, "hvp"), v);
        } finally {
            release(tape);
        }
    }

    // ---------------------------------------------------------------- the trace

    /** The thread's scratch tape (shared with Reverse and Hybrid), reset; a new one inside f. */
    private static HTape acquire() {
        return HTape.acquireScratch(Long.MAX_VALUE, "HTape", "Forward");
    }

    /** Keeps the tape as this thread's scratch, trimmed after calls much smaller than it. */
    private static void release(HTape t) {
        HTape.releaseScratch(t);
    }

    /**
     * The calling thread's scratch tape as the last call left it: its nodes, capacity and bytes
     * (see {@link HTape#footprint()}), or {@link TapeFootprint#NONE} when the thread keeps none (no
     * call yet, released, or reclaimed by the collector). {@code Forward}, {@code Reverse.gradient}
     * and {@code Hybrid} share this one tape per thread.
     *
     * @return the footprint of this thread's scratch tape
     */
    public static TapeFootprint scratchFootprint() {
        return HTape.scratchFootprint();
    }

    /**
     * Lets the calling thread's scratch tape go now (the next call records on a new one): for a
     * thread done with a large function. Other threads' tapes are untouched; inside f it lets go
     * of nothing the running call uses.
     */
    public static void releaseScratch() {
        HTape.dropScratch();
    }

    /**
     * f run on the tape's variables, its output checked: a variable of this tape's current
     * recording, or a constant.
     */
    private static HVar run(ScalarFunction f, HVar[] in, HTape tape, String method) {
        return output(Arguments.output(erased(f, in), method), tape, method);
    }

    /** One result of f checked: a variable of this tape's current recording, or a constant. */
    private static HVar output(Object y, HTape tape, String method) {
        if (!(y instanceof HVar)) {
            throw new IllegalArgumentException(method + ": f returned a " + y.getClass().getSimpleName()
                    + ", not a number made from its inputs (an HVar carrying their tangents)");
        }
        HVar h = (HVar) y;
        if (h.gen != null && h.gen != tape.gen) {
            throw new IllegalArgumentException(method + ": f returned " + h + ", a number of another call or"
                    + " tape, not one made from its inputs");
        }
        return h;
    }

    /** f's result before the cast to the inputs' type, so that a result of another type is reported, not cast. */
    private static <T extends RealFieldElement<T>> Object erased(VectorFunction f, T[] in) {
        return f.value(in);
    }

    /** f's result before the cast to the inputs' type, so that a result of another type is reported, not cast. */
    private static <T extends RealFieldElement<T>> Object erased(ScalarFunction f, T[] in) {
        return f.value(in);
    }

    // ---------------------------------------------------------------- Taylor mode

    /**
     * f(x), f'(x), ..., f<sup>(k)</sup>(x) in one pass of a {@link Taylor} polynomial of order k:
     * O(k<sup>2</sup>) per operation, against 2<sup>k</sup> for k nested duals.
     *
     * <pre>{@code
     * static <T extends RealFieldElement<T>> T g(T x) { return x.sin().exp(); }
     * Forward.derivatives(MyFns::g, 0.0, 3);   // [1.0, 1.0, 1.0, 0.0]
     * }</pre>
     *
     * @param f the function
     * @param x the point
     * @param order k &ge; 0 (at most {@link Taylor#MAX_ORDER})
     * @return k + 1 derivatives, index j holding the j-th
     */
    public static double[] derivatives(UnaryFunction f, double x, int order) {
        Arguments.function(f, "derivatives");
        checkOrder(order, "derivatives");
        return Arguments.output(f.value(Taylor.variable(x, order)), "derivatives").derivatives();
    }

    /**
     * The Taylor coefficients of t &rarr; f(x + t v) at t = 0, up to t<sup>k</sup>, in one pass:
     * c<sub>j</sub> = (1/j!) d<sup>j</sup>/dt<sup>j</sup> f(x + t v). So c<sub>1</sub> is the
     * directional derivative &nabla;f&middot;v and 2 c<sub>2</sub> is v<sup>T</sup> H v.
     *
     * @param f the function
     * @param x the point (not modified)
     * @param v the direction, one entry per input (not modified)
     * @param order k &ge; 0 (at most {@link Taylor#MAX_ORDER})
     * @return c<sub>0</sub> ... c<sub>k</sub>
     */
    public static double[] taylor(ScalarFunction f, double[] x, double[] v, int order) {
        Arguments.function(f, "taylor");
        Arguments.point(x, "taylor");
        Arguments.sameLength(v, "v", x.length, "taylor");
        checkOrder(order, "taylor");
        Taylor[] in = new Taylor[x.length];
        for (int i = 0; i < in.length; i++) {
            double[] seed = new double[order + 1];
            seed[0] = x[i];
            if (order > 0) {
                seed[1] = v[i];
            }
            in[i] = Taylor.of(seed);
        }
        return Arguments.output(f.value(in), "taylor").coefficients();
    }

    private static void checkOrder(int order, String method) {
        if (order < 0 || order > Taylor.MAX_ORDER) {
            throw new IllegalArgumentException(method + ": order must be in [0, " + Taylor.MAX_ORDER + "], got " + order);
        }
    }
}
