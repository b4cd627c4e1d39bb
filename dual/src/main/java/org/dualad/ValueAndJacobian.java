package org.dualad;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The outputs of a vector function and its Jacobian, computed together by the same evaluations.
 *
 * @param values f(x), m entries (the caller owns the array)
 * @param jacobian the m x n Jacobian, J(i, j) = d f_i / d x_j (the caller owns the matrix)
 */
public record ValueAndJacobian(double[] values, DMatrixRMaj jacobian) {

    /**
     * Equal when the values are bitwise equal and the Jacobians have the same shape and bitwise
     * equal entries (a matrix has no value equality of its own).
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ValueAndJacobian)) {
            return false;
        }
        ValueAndJacobian r = (ValueAndJacobian) o;
        return Arrays.equals(values, r.values) && jacobian.numRows == r.jacobian.numRows
                && jacobian.numCols == r.jacobian.numCols
                && Arrays.equals(jacobian.data, 0, jacobian.getNumElements(), r.jacobian.data, 0,
                        r.jacobian.getNumElements());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values)
                + Arrays.hashCode(Arrays.copyOf(jacobian.data, jacobian.getNumElements()));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ValueAndJacobian[values=").append(Arrays.toString(values))
                .append(", jacobian=[");
        for (int i = 0; i < jacobian.numRows; i++) {
            s.append(i == 0 ? "" : ", ").append(Arrays.toString(
                    Arrays.copyOfRange(jacobian.data, i * jacobian.numCols, (i + 1) * jacobian.numCols)));
        }
        return s.append("]]").toString();
    }
}
