package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.RealFieldElement;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The worked examples of shared/examples.md that forward mode covers (1-7, 9). */
class WorkedExamplesTest {

    static <T extends RealFieldElement<T>> T cubic(T x) { // 5x^3 + 2x^2 + 4x + 8
        return x.pow(3).multiply(5).add(x.pow(2).multiply(2)).add(x.multiply(4)).add(8);
    }

    static <T extends RealFieldElement<T>> T threeSquare(T x) {
        return x.multiply(x).multiply(3);
    }

    static <T extends RealFieldElement<T>> T quadratic(T x) { // 6x^2 + 2x + 4
        return x.multiply(x).multiply(6).add(x.multiply(2)).add(4);
    }

    static <T extends RealFieldElement<T>> T uv(T[] x) { // u^3 + v^2 + 4uv
        return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
    }

    static <T extends RealFieldElement<T>> T toolbox(T[] x) { // x1 exp(-(x1^2 + x2^2)/2)
        return x[0].multiply(x[0].multiply(x[0]).add(x[1].multiply(x[1])).divide(-2).exp());
    }

    static <T extends RealFieldElement<T>> T cube(T x) {
        return x.pow(3);
    }

    static <T extends RealFieldElement<T>> T square(T x) {
        return x.multiply(x);
    }

    @Test
    void example1Cubic() {
        assertEquals(64, cubic(Dual.variable(2)).value());
        assertEquals(72, Forward.derivative(WorkedExamplesTest::cubic, 2));
        assertEquals(64, Forward.secondDerivative(WorkedExamplesTest::cubic, 2));
    }

    @Test
    void example2And3() {
        assertEquals(27, threeSquare(Dual.variable(3)).value());
        assertEquals(18, Forward.derivative(WorkedExamplesTest::threeSquare, 3));
        assertEquals(6, Forward.secondDerivative(WorkedExamplesTest::threeSquare, 3));
        assertEquals(64, quadratic(Dual.variable(3)).value());
        assertEquals(38, Forward.derivative(WorkedExamplesTest::quadratic, 3));
    }

    @Test
    void example4GradientHessianLaplacian() {
        assertEquals(91, Forward.valueAndGradient(WorkedExamplesTest::uv, 3, 4).value());
        assertArrayEquals(new double[] {43, 20}, Forward.gradient(WorkedExamplesTest::uv, 3, 4));
        DMatrixRMaj h = Forward.hessian(WorkedExamplesTest::uv, 3, 4);
        assertArrayEquals(new double[] {18, 4, 4, 2}, h.data);
        assertEquals(20, h.get(0, 0) + h.get(1, 1));
    }

    @Test
    void example5Toolbox() {
        double e = Math.exp(-2.125);
        assertEquals(0.23886593653343924, Forward.valueAndGradient(WorkedExamplesTest::toolbox, 2, 0.5).value(), 0);
        double[] g = Forward.gradient(WorkedExamplesTest::toolbox, 2, 0.5);
        assertEquals(-0.35829890480015886, g[0], 1e-14 * 0.36);
        assertEquals(-0.11943296826671962, g[1], 1e-14 * 0.12);
        DMatrixRMaj h = Forward.hessian(WorkedExamplesTest::toolbox, 2, 0.5);
        assertEquals(2 * e, h.get(0, 0), 1e-14 * 2 * e);
        assertEquals(1.5 * e, h.get(0, 1), 1e-14 * 1.5 * e);
        assertEquals(1.5 * e, h.get(1, 0), 1e-14 * 1.5 * e);
        assertEquals(-1.5 * e, h.get(1, 1), 1e-14 * 1.5 * e);
        assertEquals(0.05971648413335981, h.get(0, 0) + h.get(1, 1), 1e-14 * 0.06);
    }

    @Test
    void example6GradientOfTheGradient() {
        // by HyperDual
        assertEquals(12, Forward.derivative(WorkedExamplesTest::cube, 2));
        assertEquals(12, Forward.secondDerivative(WorkedExamplesTest::cube, 2));
        // by nested duals: differentiate the derivative
        Dual x = Dual.variable(2);
        Dual d = FieldDual.derivative(WorkedExamplesTest::cube, x);
        assertEquals(12, d.value());
        assertEquals(12, d.tangent());
    }

    @Test
    void example7ElementwiseOverAGrid() {
        for (int i = 0; i < 100; i++) {
            double x = -10 + 20.0 * i / 99;
            assertEquals(2 * x, Forward.derivative(WorkedExamplesTest::square, x));
        }
    }

    @Test
    void example9PerturbationConfusion() {
        // d/dx [ x * (d/dy (x + y))(y = 1) ] at x = 1 is 1
        Dual x = Dual.variable(1);
        Dual inner = FieldDual.derivative(y -> FieldDual.constant(x).add(y), Dual.constant(1));
        assertEquals(1, x.multiply(inner).tangent());
    }

    @Test
    void nestedClosureOverTheOuterVariable() {
        // ForwardDiff.jl issue 83 style: d/dx [ x * d/dy (x y) at y = 2 ] = d/dx x^2 = 2x, at x = 3: 6
        Dual x = Dual.variable(3);
        Dual inner = FieldDual.derivative(y -> FieldDual.constant(x).multiply(y), Dual.constant(2));
        assertEquals(3, inner.value());
        assertEquals(6, x.multiply(inner).tangent());
        // a derivative of a function that itself differentiates a closure: d/dx d/dy exp(x y) at (1, 0) = 1
        Dual xx = Dual.variable(1);
        Dual dy = FieldDual.derivative(y -> FieldDual.constant(xx).multiply(y).exp(), Dual.constant(0));
        assertEquals(1, dy.value());   // d/dy exp(xy) = x exp(xy) = 1
        assertEquals(1, dy.tangent()); // d/dx [x exp(xy)] at y = 0 = 1
    }

    @Test
    void thirdDerivativeByNesting() {
        // d3/dx3 x^4 at 2 = 24 x = 48: nest FieldDual twice over Dual
        Dual x = Dual.variable(2);
        Dual d2 = FieldDual.derivative(y -> FieldDual.derivative(z -> z.pow(4), y), x);
        assertEquals(48, d2.value());   // f'' = 12 x^2
        assertEquals(48, d2.tangent()); // f''' = 24 x
    }
}
