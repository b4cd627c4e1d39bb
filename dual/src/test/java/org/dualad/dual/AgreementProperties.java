package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.dualad.ScalarFunction;

/**
 * Dual, MultiDual, HyperDual and FieldDual&lt;Dual&gt; agree with each other and with
 * DerivativeStructure on random points, for composite functions written once generically.
 */
class AgreementProperties {

    static <T extends RealFieldElement<T>> T trigExp(T[] v) {
        T x = v[0];
        T y = v[1];
        return x.multiply(y).sin().add(x.exp().divide(y.multiply(y).add(1)));
    }

    static <T extends RealFieldElement<T>> T polar(T[] v) {
        T x = v[0];
        T y = v[1];
        return x.multiply(x).add(y.multiply(y)).add(1).sqrt().multiply(y.atan2(x)).subtract(x.multiply(x).log1p());
    }

    static <T extends RealFieldElement<T>> T hyperbolic(T[] v) {
        T x = v[0];
        T y = v[1];
        return x.tanh().multiply(y.divide(3).cosh()).add(x.abs().add(1).pow(y)).add(x.multiply(y).asinh());
    }

    static <T extends RealFieldElement<T>> T roots(T[] v) {
        T x = v[0];
        T y = v[1];
        return x.hypot(y).add(0.5).cbrt().add(x.multiply(y).add(10).rootN(4)).multiply(x.cos().expm1())
                .add(x.linearCombination(x, y, y.sin(), x.atan()));
    }

    /** The functions, each written once, as the one-function API takes them. */
    private static final ScalarFunction[] FUNCTIONS = {
        AgreementProperties::trigExp, AgreementProperties::polar, AgreementProperties::hyperbolic, AgreementProperties::roots,
    };

    private static <T extends RealFieldElement<T>> T eval(int f, T[] in) {
        return FUNCTIONS[f].value(in);
    }

    @Property(tries = 150)
    void allTypesAgreeWithDerivativeStructure(@ForAll @DoubleRange(min = 0.05, max = 3) double x, // away from |x|'s kink
                                              @ForAll @DoubleRange(min = 0.05, max = 3) double absY,
                                              @ForAll boolean negativeY) {
        // y = 0 is avoided: DerivativeStructure.hypot returns |x| when |y| < 2^-27 |x|, losing d2/dy2
        double y = negativeY ? -absY : absY;
        double[] p = {x, y};
        for (int f = 0; f < FUNCTIONS.length; f++) {
            DerivativeStructure[] ds = {new DerivativeStructure(2, 2, 0, x), new DerivativeStructure(2, 2, 1, y)};
            DerivativeStructure r = eval(f, ds);
            double gx = r.getPartialDerivative(1, 0);
            double gy = r.getPartialDerivative(0, 1);
            double gxx = r.getPartialDerivative(2, 0);
            double gxy = r.getPartialDerivative(1, 1);
            double gyy = r.getPartialDerivative(0, 2);
            double s1 = 1 + Math.abs(gx) + Math.abs(gy);
            double s2 = 1 + Math.abs(gxx) + Math.abs(gxy) + Math.abs(gyy);
            String at = "f" + f + "(" + x + ", " + y + ")";

            assertEquals(gx, Kinds.DUAL.first(eval(f, Kinds.DUAL.build(p, 0, -1))), 1e-12 * s1, at + " Dual d/dx");
            assertEquals(gy, Kinds.DUAL.first(eval(f, Kinds.DUAL.build(p, 1, -1))), 1e-12 * s1, at + " Dual d/dy");

            MultiDual m = eval(f, Kinds.MULTI.build(p, 0, 1));
            assertEquals(gx, m.tangent(0), 1e-12 * s1, at + " MultiDual d/dx");
            assertEquals(gy, m.tangent(1), 1e-12 * s1, at + " MultiDual d/dy");

            HyperDual h = eval(f, Kinds.HYPER.build(p, 0, 1));
            assertEquals(gx, h.e1(), 1e-12 * s1, at + " HyperDual d/dx");
            assertEquals(gy, h.e2(), 1e-12 * s1, at + " HyperDual d/dy");
            assertEquals(gxy, h.e1e2(), 1e-12 * s2, at + " HyperDual d2/dxdy");
            assertEquals(gxx, Kinds.HYPER.mixed(eval(f, Kinds.HYPER.build(p, 0, 0))), 1e-12 * s2, at + " HyperDual d2/dx2");
            assertEquals(gyy, Kinds.HYPER.mixed(eval(f, Kinds.HYPER.build(p, 1, 1))), 1e-12 * s2, at + " HyperDual d2/dy2");

            FieldDual<Dual> fd = eval(f, Kinds.FIELD.build(p, 0, 1));
            assertEquals(gx, fd.tangent().value(), 1e-12 * s1, at + " FieldDual d/dx");
            assertEquals(gy, fd.value().tangent(), 1e-12 * s1, at + " FieldDual d/dy");
            assertEquals(gxy, fd.tangent().tangent(), 1e-12 * s2, at + " FieldDual d2/dxdy");
            assertEquals(gxx, Kinds.FIELD.mixed(eval(f, Kinds.FIELD.build(p, 0, 0))), 1e-12 * s2, at + " FieldDual d2/dx2");

            // the types agree with each other on the value, bit for bit where they share the rule
            assertEquals(r.getValue(), m.value(), 1e-13 * (1 + Math.abs(r.getValue())), at + " value");
            assertEquals(h.value(), m.value(), 0.0, at + " HyperDual and MultiDual values");
        }
    }
}
