package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.ArrayFieldVector;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.linear.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * DualAD numbers inside Commons Math's field-generic linear algebra: derivatives come through
 * algorithms written without any knowledge of them.
 */
class FieldLinearAlgebraTest {

    /** A(t) = [[2 + t, 1], [1, 3t]], b(t) = [1, t^2]; x(t) = A^-1 b. */
    @Test
    void luSolveOfDualsGivesTheDerivativeOfTheSolution() {
        for (double t : new double[] {0.7, 1.3, -2.1, 5}) {
            Dual s = Dual.variable(t);
            Dual[][] a = {{s.add(2), Dual.constant(1)}, {Dual.constant(1), s.multiply(3)}};
            Dual[] b = {Dual.constant(1), s.multiply(s)};
            FieldMatrix<Dual> m = new Array2DRowFieldMatrix<>(Dual.FIELD, a);
            FieldVector<Dual> x = new FieldLUDecomposition<>(m).getSolver().solve(new ArrayFieldVector<>(Dual.FIELD, b));

            // closed form by Cramer's rule and the quotient rule
            double det = (2 + t) * 3 * t - 1;
            double ddet = 6 * t + 6;
            double n1 = 3 * t - t * t;
            double n2 = (2 + t) * t * t - 1;
            double x1 = n1 / det;
            double x2 = n2 / det;
            double dx1 = ((3 - 2 * t) * det - n1 * ddet) / (det * det);
            double dx2 = ((3 * t * t + 4 * t) * det - n2 * ddet) / (det * det);
            assertEquals(x1, x.getEntry(0).value(), 1e-14 * Math.abs(x1), "x1 at t=" + t);
            assertEquals(x2, x.getEntry(1).value(), 1e-14 * Math.abs(x2), "x2 at t=" + t);
            assertEquals(dx1, x.getEntry(0).tangent(), 1e-13 * Math.abs(dx1), "dx1/dt at t=" + t);
            assertEquals(dx2, x.getEntry(1).tangent(), 1e-13 * Math.abs(dx2), "dx2/dt at t=" + t);
        }
    }

    /** M(t) = [[t, 2, t^2], [1, t, 3], [t^3, 0, 1]]: det = -t^6 + 6t^3 + t^2 - 2. */
    @Test
    void determinantOfHyperDualsGivesItsSecondDerivative() {
        for (double t : new double[] {0.5, 1.5, -1.25, 2}) {
            HyperDual s = HyperDual.variable(t);
            HyperDual one = HyperDual.constant(1);
            HyperDual[][] m = {
                {s, HyperDual.constant(2), s.multiply(s)},
                {one, s, HyperDual.constant(3)},
                {s.pow(3), HyperDual.constant(0), one},
            };
            HyperDual det = new FieldLUDecomposition<>(new Array2DRowFieldMatrix<>(HyperDual.FIELD, m)).getDeterminant();
            double d0 = -Math.pow(t, 6) + 6 * t * t * t + t * t - 2;
            double d1 = -6 * Math.pow(t, 5) + 18 * t * t + 2 * t;
            double d2 = -30 * Math.pow(t, 4) + 36 * t + 2;
            double scale = 1 + Math.pow(Math.abs(t), 6) * 30;
            assertEquals(d0, det.value(), 1e-14 * scale, "det at t=" + t);
            assertEquals(d1, det.e1(), 1e-14 * scale, "det' at t=" + t);
            assertEquals(d1, det.e2(), 1e-14 * scale, "det' at t=" + t);
            assertEquals(d2, det.e1e2(), 1e-14 * scale, "det'' at t=" + t);
        }
    }

    /** The same solve with two parameters at once: a MultiDual carries both partials. */
    @Test
    void luSolveOfMultiDualsGivesBothPartials() {
        double p = 0.8;
        double q = -0.3;
        MultiDual u = MultiDual.variable(p, 0, 2);
        MultiDual v = MultiDual.variable(q, 1, 2);
        MultiDual one = MultiDual.constant(1, 2);
        // [[2, u], [v, 3]] x = [1, 1]: x1 = (3 - u)/(6 - uv), x2 = (2 - v)/(6 - uv)
        MultiDual[][] a = {{one.multiply(2), u}, {v, one.multiply(3)}};
        FieldMatrix<MultiDual> m = new Array2DRowFieldMatrix<>(one.getField(), a);
        FieldVector<MultiDual> x = new FieldLUDecomposition<>(m).getSolver()
                .solve(new ArrayFieldVector<>(one.getField(), new MultiDual[] {one, one}));
        double d = 6 - p * q;
        assertEquals((3 - p) / d, x.getEntry(0).value(), 1e-15);
        assertEquals((-d + (3 - p) * q) / (d * d), x.getEntry(0).tangent(0), 1e-14, "dx1/du");
        assertEquals((3 - p) * p / (d * d), x.getEntry(0).tangent(1), 1e-14, "dx1/dv");
        assertEquals((2 - q) * q / (d * d), x.getEntry(1).tangent(0), 1e-14, "dx2/du");
        assertEquals((-d + (2 - q) * p) / (d * d), x.getEntry(1).tangent(1), 1e-14, "dx2/dv");
    }
}
