package org.dualad.dual;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.ValueAndJacobian;
import org.dualad.VectorFunction;
import org.dualad.internal.Arguments;
import org.ejml.data.DMatrixRMaj;

/**
 * Tape-free forward mode: derivatives by running f on dual numbers, with nothing recorded.
 * Gradients and Jacobians carry up to {@link Forward#MAX_CHUNK} tangents per pass in a
 * windowed {@link MultiDual} (ceil(n / k) passes of k = {@link Forward#chunkSize(int)}); the
 * directional derivative and the Jacobian-vector product are one {@link Dual} pass; Hessians are passes of {@link HyperLanes} (four
 * entries a pass, up to {@link #HESSIAN_ENTRY_PASSES_UP_TO} inputs) or {@link HyperRow} (a row a
 * pass, beyond); the Hessian-vector product is one {@link HyperRow} pass.
 *
 * <p>Memory is O(n) per pass whatever f does: nothing is kept between operations but the live
 * numbers. These kernels are independent of the trace that {@link Forward}, {@code Reverse} and
 * {@code Hybrid} record f on ({@link HTape}): the verification registry runs them as a mode of
 * their own, so that every check compares the trace against an independent implementation.
 * Each number type is one more type f's compiled code sees, so in a program that also runs f in
 * other modes they are slower than {@link Forward}, whose every method runs f on {@link HVar}.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T f(T[] x) {      // u^3 + v^2 + 4uv
 *     return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
 * }
 * DualNumbers.gradient(MyFns::f, 3, 4);   // [43.0, 20.0]
 * DualNumbers.hessian(MyFns::f, 3, 4);    // [[18, 4], [4, 2]]
 * }</pre>
 *
 * All methods are thread-safe: they keep no state between calls. Bad input gets the same checks
 * and messages as {@link Forward}'s methods of the same names.
 */
public final class DualNumbers {
    /**
     * Up to this many inputs {@link #hessian} uses passes of a hyper-dual with four scalar
     * &epsilon;&#8322; lanes (four upper-triangle entries per pass, all parts in fields the JIT keeps
     * in registers); beyond, row passes (one per row, window arrays), which measured faster from
     * about this size on.
     */
    public static final int HESSIAN_ENTRY_PASSES_UP_TO = 12;

    private DualNumbers() {
    }

    /**
     * The gradient of f at x, k directions per {@link MultiDual} pass (k = {@link Forward#chunkSize(int)}).
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
     * @throws IllegalArgumentException if chunk &lt; 1
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

    /** chunk 0 means {@link Forward#chunkSize(int)}; method names the caller in errors. */
    static ValueAndGradient valueAndGradient(ScalarFunction f, double[] x, int chunk, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
        int n = x.length;
        int k = chunk == 0 ? Forward.chunkSize(n) : Math.min(chunk, n);
        double[] g = new double[n];
        double value = Double.NaN;
        MultiDual[] in = new MultiDual[n];
        for (int base = 0; base < n; base += k) {
            int width = Math.min(k, n - base);
            Forward.seed(in, x, base, width);
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
        return Arguments.output(f.value(Forward.duals(x, v)), "directionalDerivative").tangent();
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
        Dual[] y = Arguments.output(f.value(Forward.duals(x, v)), -1, "jvp");
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i].tangent();
        }
        return out;
    }

    /**
     * The m x n Jacobian of f at x, k = {@link Forward#chunkSize(int)} input directions per
     * {@link MultiDual} pass.
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
     * {@link Forward#chunkSize(int)} input directions (one pass up to {@link Forward#MAX_CHUNK}
     * inputs, whatever m is).
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return f(x) and J with J(i, j) = d f_i / d x_j
     */
    public static ValueAndJacobian valueAndJacobian(VectorFunction f, double... x) {
        return valueAndJacobian(f, x, "valueAndJacobian");
    }

    static ValueAndJacobian valueAndJacobian(VectorFunction f, double[] x, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
        int n = x.length;
        int k = Forward.chunkSize(n);
        MultiDual[] in = new MultiDual[n];
        DMatrixRMaj jac = null;
        double[] values = null;
        int m = -1;
        for (int base = 0; base < n; base += k) {
            int width = Math.min(k, n - base);
            Forward.seed(in, x, base, width);
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
     * only for the inputs it depends on).
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
}
