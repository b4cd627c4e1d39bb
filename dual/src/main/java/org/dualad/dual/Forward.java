package org.dualad.dual;

import org.dualad.ScalarFunction;
import org.dualad.UnaryFunction;
import org.dualad.ValueAndGradient;
import org.dualad.ValueAndJacobian;
import org.dualad.VectorFunction;
import org.dualad.internal.Arguments;
import org.ejml.data.DMatrixRMaj;

/**
 * Forward mode: derivatives by evaluating the user's function on dual numbers.
 *
 * <p>Cost: one pass per tangent direction; {@link #gradient} and {@link #jacobian} carry up to
 * {@link #MAX_CHUNK} directions per pass in a {@link MultiDual}, so a gradient of n inputs takes
 * ceil(n / k) passes with k = {@link #chunkSize(int)}. Best when inputs are few or outputs many;
 * for gradients of many inputs use reverse mode.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T f(T[] x) {      // u^3 + v^2 + 4uv
 *     return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
 * }
 * Forward.gradient(MyFns::f, 3, 4);   // [43.0, 20.0]
 * Forward.hessian(MyFns::f, 3, 4);    // [[18, 4], [4, 2]]
 * }</pre>
 *
 * All methods are thread-safe: they keep no state between calls.
 */
public final class Forward {
    /**
     * The most tangents carried per pass by default. Up to this many inputs a gradient is one
     * pass; beyond, balanced chunks of at most this many bound the memory per operation (1 KiB).
     * A windowed {@link MultiDual} makes a wide chunk cheap when inputs touch few operations.
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
     * The gradient of f at x, k directions per pass (k = {@link #chunkSize(int)}).
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return the n partial derivatives
     */
    public static double[] gradient(ScalarFunction f, double... x) {
        return valueAndGradient(f, x, 0, "gradient").gradient();
    }

    /**
     * The gradient with a chosen number of tangents per pass.
     *
     * @param f the function
     * @param x the point (not modified)
     * @param chunk tangents per pass, 1 &le; chunk; larger than n means n
     * @return the n partial derivatives
     */
    public static double[] gradient(ScalarFunction f, double[] x, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("gradient: chunk must be at least 1, got " + chunk);
        }
        return valueAndGradient(f, x, chunk, "gradient").gradient();
    }

    /**
     * The value and the gradient of f at x from the same passes.
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
        int n = x.length;
        int k = chunk == 0 ? chunkSize(n) : Math.min(chunk, n);
        double[] g = new double[n];
        double value = Double.NaN;
        MultiDual[] in = new MultiDual[n];
        for (int base = 0; base < n; base += k) {
            int width = Math.min(k, n - base);
            seed(in, x, base, width);
            MultiDual y = Arguments.output(f.value(in), method);
            if (y.width() != width) {
                throw new IllegalArgumentException(method + ": f returned a number with " + y.width()
                        + " tangents, not one made from its inputs (" + width + ")");
            }
            y.addTangentsTo(g, base);
            value = y.value();
        }
        return new ValueAndGradient(value, g);
    }

    /** Inputs base..base+width-1 become variables of a width-wide MultiDual, the rest constants. */
    private static void seed(MultiDual[] in, double[] x, int base, int width) {
        // a pass of its own, so that a number kept from another pass throws when mixed in
        Object pass = new Object();
        for (int i = 0; i < x.length; i++) {
            int dir = i - base;
            in[i] = dir >= 0 && dir < width ? MultiDual.variable(x[i], dir, width, pass)
                    : MultiDual.constant(x[i], width);
        }
    }

    /**
     * The directional derivative &nabla;f(x)&middot;v in one {@link Dual} pass.
     *
     * @param f the function
     * @param x the point (not modified)
     * @param v the direction, same length as x (not modified)
     * @return the derivative of f along v
     */
    public static double directionalDerivative(ScalarFunction f, double[] x, double[] v) {
        Arguments.function(f, "directionalDerivative");
        Arguments.point(x, "directionalDerivative");
        Arguments.sameLength(v, "v", x.length, "directionalDerivative");
        return Arguments.output(f.value(duals(x, v)), "directionalDerivative").tangent();
    }

    /**
     * The Jacobian-vector product J(x) v in one {@link Dual} pass.
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
        Dual[] y = Arguments.output(f.value(duals(x, v)), -1, "jvp");
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i].tangent();
        }
        return out;
    }

    private static Dual[] duals(double[] x, double[] v) {
        Dual[] in = new Dual[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = Dual.of(x[i], v[i]);
        }
        return in;
    }

    /**
     * The m x n Jacobian of f at x, k input directions per pass.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return J with J(i, j) = d f_i / d x_j
     */
    public static DMatrixRMaj jacobian(VectorFunction f, double... x) {
        return valueAndJacobian(f, x, "jacobian").jacobian();
    }

    /**
     * The outputs and the m x n Jacobian of f at x from the same passes: ceil(n / k) passes of k =
     * {@link #chunkSize(int)} input directions (one pass up to {@link #MAX_CHUNK} inputs, whatever
     * m is).
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
        int n = x.length;
        int k = chunkSize(n);
        MultiDual[] in = new MultiDual[n];
        DMatrixRMaj jac = null;
        double[] values = null;
        int m = -1;
        for (int base = 0; base < n; base += k) {
            int width = Math.min(k, n - base);
            seed(in, x, base, width);
            MultiDual[] y = Arguments.output(f.value(in), m, method);
            if (jac == null) {
                m = y.length;
                jac = new DMatrixRMaj(m, n);
                values = new double[m];
            }
            double[] data = jac.data;
            for (int i = 0; i < m; i++) {
                // a number of another width would be scattered into other rows or past the array
                if (y[i].width() != width) {
                    throw new IllegalArgumentException(method + ": f returned at output " + i + " a number with "
                            + y[i].width() + " tangents, not one made from its inputs (" + width + ")");
                }
                y[i].addTangentsTo(data, i * n + base);
                values[i] = y[i].value();
            }
        }
        return new ValueAndJacobian(values, jac);
    }

    /**
     * Up to this many inputs {@link #hessian} uses passes of a hyper-dual with four scalar
     * &epsilon;&#8322; lanes (four upper-triangle entries per pass, all parts in fields the JIT keeps
     * in registers); beyond, row passes (one per row, window arrays), which measured faster from
     * about this size on.
     */
    public static final int HESSIAN_ENTRY_PASSES_UP_TO = 12;

    /**
     * The n x n Hessian of f at x by hyper-dual arithmetic: exact to rounding, no step size, no
     * cancellation, and exactly symmetric (each upper-triangle entry is computed once and mirrored).
     * Kernel by size: for n &le; {@link #HESSIAN_ENTRY_PASSES_UP_TO}, for each row i,
     * ceil((n - i) / 4) passes with &epsilon;&#8321; along input i and four scalar
     * &epsilon;&#8322; lanes along inputs j &ge; i (about n^2/8 passes);
     * beyond, n row passes, each seeding &epsilon;&#8321; along input i and a vector
     * &epsilon;&#8322; along every input j &ge; i to get the row H<sub>i,j&ge;i</sub> at once. Both
     * kernels follow the zero policy of {@link Chain} and group every sum and product alike, so they
     * give the same values (up to the sign of a zero), at kinks and NaN or infinite inputs too.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return H with H(i, j) = d2f / dx_i dx_j
     */
    public static DMatrixRMaj hessian(ScalarFunction f, double... x) {
        Arguments.function(f, "hessian");
        Arguments.point(x, "hessian");
        int n = x.length;
        DMatrixRMaj h = new DMatrixRMaj(n, n);
        if (n <= HESSIAN_ENTRY_PASSES_UP_TO) {
            hessianByEntries(f, x, h.data);
        } else {
            hessianByRows(f, x, h.data);
        }
        return h;
    }

    /** Small n: per row i, passes of four lanes j, j+1, j+2, j+3 &ge; i, all scalar fields. */
    private static void hessianByEntries(ScalarFunction f, double[] x, double[] h) {
        int n = x.length;
        HyperLanes[] in = new HyperLanes[n];
        for (int i = 0; i < n; i++) {
            for (int j0 = i; j0 < n; j0 += 4) {
                for (int p = 0; p < n; p++) {
                    in[p] = HyperLanes.input(x[p], p, i, j0);
                }
                HyperLanes y = Arguments.output(f.value(in), "hessian");
                for (int k = 0; k < 4 && j0 + k < n; k++) {
                    double hij = y.second(k);
                    h[i * n + j0 + k] = hij;
                    h[(j0 + k) * n + i] = hij;
                }
            }
        }
    }

    private static void hessianByRows(ScalarFunction f, double[] x, double[] h) {
        int n = x.length;
        HyperRow[] in = new HyperRow[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                in[p] = HyperRow.input(x[p], p == i, p >= i, p, n);
            }
            Arguments.output(f.value(in), "hessian").addSecondTo(h, i * n);
            for (int j = i + 1; j < n; j++) {
                h[j * n + i] = h[i * n + j];
            }
        }
    }

    /**
     * The Hessian-vector product H v of f at x in one exact hyper-dual pass: &epsilon;&#8321;
     * seeded along v and a vector &epsilon;&#8322; along every input, so the &epsilon;&#8321;&epsilon;&#8322;
     * part is the row v<sup>T</sup>H = (H v)<sup>T</sup> (H is symmetric). No H is formed; the
     * pass carries up to n second-order tangents per operation (windowed, so an operation pays
     * only for the inputs it depends on). For large n, {@code Hybrid.hvp} costs a small constant
     * times one gradient instead.
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
        int n = x.length;
        HyperRow[] in = new HyperRow[n];
        for (int p = 0; p < n; p++) {
            in[p] = HyperRow.input(x[p], v[p], p, n);
        }
        double[] out = new double[n];
        Arguments.output(f.value(in), "hvp").addSecondTo(out, 0);
        return out;
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
