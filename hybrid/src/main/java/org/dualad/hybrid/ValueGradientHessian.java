package org.dualad.hybrid;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * A function's value, gradient and Hessian at one point, computed together by one recording.
 *
 * @param value f(x)
 * @param gradient the n partial derivatives (the caller owns the array)
 * @param hessian the n x n Hessian, exactly symmetric (the caller owns the matrix)
 */
public record ValueGradientHessian(double value, double[] gradient, DMatrixRMaj hessian) {

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ValueGradientHessian)) {
            return false;
        }
        ValueGradientHessian r = (ValueGradientHessian) o;
        return Double.doubleToLongBits(value) == Double.doubleToLongBits(r.value)
                && Arrays.equals(gradient, r.gradient)
                && hessian.numRows == r.hessian.numRows && hessian.numCols == r.hessian.numCols
                && Arrays.equals(hessian.data, 0, hessian.getNumElements(), r.hessian.data, 0,
                        r.hessian.getNumElements());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(value) + Arrays.hashCode(gradient))
                + Arrays.hashCode(Arrays.copyOf(hessian.data, hessian.getNumElements()));
    }

    @Override
    public String toString() {
        return "ValueGradientHessian[value=" + value + ", gradient=" + Arrays.toString(gradient)
                + ", hessian=" + Arrays.deepToString(rows()) + "]";
    }

    private double[][] rows() {
        double[][] r = new double[hessian.numRows][];
        for (int i = 0; i < r.length; i++) {
            r[i] = Arrays.copyOfRange(hessian.data, i * hessian.numCols, (i + 1) * hessian.numCols);
        }
        return r;
    }
}
