package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ValueAndJacobian;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The primitives the other modules compose: value and Jacobian, H v, the chunk rule. */
class FacadePrimitivesTest {
    /** sum_i x_i^2 x_{i+1} + sin(x_0 x_{n-1}): a coupled Hessian with every entry's kind. */
    static <T extends RealFieldElement<T>> T f(T[] x) {
        T s = x[0].multiply(x[x.length - 1]).sin();
        for (int i = 0; i + 1 < x.length; i++) {
            s = s.add(x[i].multiply(x[i]).multiply(x[i + 1]));
        }
        return s;
    }

    /** (x_0 x_1, exp(x_1), ..., one output per input plus their sum). */
    static <T extends RealFieldElement<T>> T[] g(T[] x) {
        T[] y = MathArrays.buildArray(x[0].getField(), x.length + 1);
        T sum = x[0].getField().getZero();
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].multiply(x[(i + 1) % x.length]).exp();
            sum = sum.add(x[i]);
        }
        y[x.length] = sum;
        return y;
    }

    private static double[] point(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.25 + 0.5 * Math.sin(i + 1);
        }
        return x;
    }

    @Test
    void valueAndJacobianIsTheJacobianAndThePlainValues() {
        for (int n : new int[] {1, 3, 200}) { // 200: two chunks of 100
            double[] x = point(n);
            ValueAndJacobian vj = Forward.valueAndJacobian(FacadePrimitivesTest::g, x);
            DMatrixRMaj j = Forward.jacobian(FacadePrimitivesTest::g, x);
            assertArrayEquals(j.data, vj.jacobian().data, "the same passes give the same bits, n = " + n);
            Dual[] in = new Dual[n];
            for (int i = 0; i < n; i++) {
                in[i] = Dual.constant(x[i]);
            }
            Dual[] y = g(in);
            assertEquals(n + 1, vj.values().length);
            for (int i = 0; i <= n; i++) {
                assertEquals(y[i].value(), vj.values()[i], 0.0, "output " + i);
            }
            assertEquals(vj, new ValueAndJacobian(vj.values().clone(), vj.jacobian().copy()));
            assertEquals(vj.hashCode(), new ValueAndJacobian(vj.values().clone(), vj.jacobian().copy()).hashCode());
        }
        assertTrue(Forward.valueAndJacobian(FacadePrimitivesTest::g, 1, 2).toString()
                .startsWith("ValueAndJacobian[values=[7.38905609893065, 7.38905609893065, 3.0], jacobian=[[14.7"));
    }

    @Test
    void hvpIsTheHessianTimesTheDirection() {
        for (int n : new int[] {1, 2, 5, 20}) {
            double[] x = point(n);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = i % 3 == 0 ? -1.5 : i % 3 == 1 ? 0 : 2;
            }
            DMatrixRMaj h = Forward.hessian(FacadePrimitivesTest::f, x);
            double[] hv = Forward.hvp(FacadePrimitivesTest::f, x, v);
            for (int i = 0; i < n; i++) {
                double want = 0;
                double scale = 0;
                for (int j = 0; j < n; j++) {
                    want += h.get(i, j) * v[j];
                    scale += Math.abs(h.get(i, j) * v[j]);
                }
                assertEquals(want, hv[i], 4 * Math.ulp(scale) + 1e-300, "n = " + n + ", row " + i);
            }
        }
    }

    @Test
    void hvpOfAPolynomialIsExact() {
        // u^3 + v^2 + 4uv at (3, 4): H = [[18, 4], [4, 2]]
        assertArrayEquals(new double[] {18, 4}, Forward.hvp(FacadePrimitivesTest::cubic, new double[] {3, 4},
                new double[] {1, 0}), 0.0);
        assertArrayEquals(new double[] {10, 0}, Forward.hvp(FacadePrimitivesTest::cubic, new double[] {3, 4},
                new double[] {1, -2}), 0.0);
    }

    static <T extends RealFieldElement<T>> T cubic(T[] x) {
        return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
    }

    @Test
    void badArgumentsNameTheMethod() {
        double[] x = {1, 2};
        String m = assertThrows(IllegalArgumentException.class,
                () -> Forward.hvp(FacadePrimitivesTest::f, x, new double[3])).getMessage();
        assertTrue(m.startsWith("hvp: v has length 3"), m);
        m = assertThrows(NullPointerException.class, () -> Forward.hvp(null, x, x)).getMessage();
        assertTrue(m.startsWith("hvp: f must not be null"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Forward.valueAndJacobian(FacadePrimitivesTest::g)).getMessage();
        assertTrue(m.startsWith("valueAndJacobian: x must have at least one element"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Forward.chunkSize(5, 0)).getMessage();
        assertTrue(m.startsWith("chunkSize: max must be at least 1"), m);
    }

    @Test
    void oneChunkRuleForEveryMaximum() {
        assertEquals(1, Forward.chunkSize(0, 32));
        assertEquals(32, Forward.chunkSize(32, 32));
        assertEquals(17, Forward.chunkSize(33, 32)); // two balanced sweeps, not 32 + 1
        assertEquals(Forward.chunkSize(1000), Forward.chunkSize(1000, Forward.MAX_CHUNK));
        assertEquals(125, Forward.chunkSize(1000));
    }
}
