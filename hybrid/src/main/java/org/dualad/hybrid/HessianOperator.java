package org.dualad.hybrid;

import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealLinearOperator;
import org.apache.commons.math3.linear.RealVector;
import org.dualad.ScalarFunction;
import org.dualad.TapeFootprint;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.internal.Arguments;

/**
 * The Hessian of f at one point x as a linear operator: f is recorded once, and every product
 * H v is then one tangent sweep and one backward sweep of dual adjoints over that recording, with
 * no new recording and no Hessian formed. For the methods that need many products at one point
 * (the conjugate-gradient inner loop of a Newton or trust-region step, Lanczos), where
 * {@link Hybrid#hvp} would record f again for each.
 *
 * <p>It is a Commons Math {@link RealLinearOperator}, so {@code ConjugateGradient} or
 * {@code SymmLQ} solve H d = -g with it directly. The gradient and value at x come from the same
 * recording. Products agree with {@link Hybrid#hvp} bit for bit (the same sweeps over the same
 * recording) and follow the same conventions at kinks, NaN and infinities.
 *
 * <p>The operator keeps its recording (56 bytes a tape node, {@link #footprint()}) until it is
 * collected. Like a tape it belongs to the thread that made it: a product from another thread
 * throws {@link IllegalStateException}; make one operator per thread.
 */
public final class HessianOperator extends RealLinearOperator {
    private final HTape tape;
    private final HVar y;
    private final int n;
    private double[] gradient;

    HessianOperator(ScalarFunction f, double[] x, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
        n = x.length;
        // a tape of its own: the thread's scratch tape is reset by the next facade call
        tape = new HTape();
        y = Arguments.output(f.value(tape.variables(x)), method);
    }

    /** @return f(x), the value at the recorded point */
    public double value() {
        return y.value();
    }

    /**
     * The gradient at the recorded point (one backward sweep at the first call; a copy each call).
     *
     * @return df/dx, n entries
     * @throws IllegalStateException if called from a thread other than the one that made the operator
     */
    public double[] gradient() {
        if (gradient == null) {
            gradient = tape.gradient(y, "HessianOperator.gradient");
        }
        return gradient.clone();
    }

    /**
     * H v at the recorded point.
     *
     * @param v the direction, n entries (not modified)
     * @return H v, a new array of n entries
     * @throws NullPointerException if v is null
     * @throws IllegalArgumentException if v does not have n entries
     * @throws IllegalStateException if called from a thread other than the one that made the operator
     */
    public double[] hvp(double... v) {
        Arguments.sameLength(v, "v", n, "HessianOperator.hvp");
        return tape.hvp(y, v);
    }

    /**
     * H v, as Commons Math's iterative solvers call it.
     *
     * @param v the direction, n entries
     * @return H v
     * @throws DimensionMismatchException if v does not have n entries
     */
    @Override
    public RealVector operate(RealVector v) {
        if (v.getDimension() != n) {
            throw new DimensionMismatchException(v.getDimension(), n);
        }
        return new ArrayRealVector(tape.hvp(y, v.toArray()), false);
    }

    /** H is symmetric: the same product as {@link #operate(RealVector)}. */
    @Override
    public RealVector operateTranspose(RealVector v) {
        return operate(v);
    }

    /** @return true: H is symmetric, so its transpose is itself */
    @Override
    public boolean isTransposable() {
        return true;
    }

    /** @return n */
    @Override
    public int getRowDimension() {
        return n;
    }

    /** @return n */
    @Override
    public int getColumnDimension() {
        return n;
    }

    /** @return the recording's nodes, capacity and bytes, which the operator keeps */
    public TapeFootprint footprint() {
        return tape.footprint();
    }

    /** @return e.g. {@code HessianOperator[n = 2, value 91.0, 4 tape nodes]} */
    @Override
    public String toString() {
        return "HessianOperator[n = " + n + ", value " + y.value() + ", " + tape.size() + " tape nodes]";
    }
}
