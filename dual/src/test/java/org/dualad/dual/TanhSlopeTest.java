package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * tanh's slope sech^2 x and its second derivative -2 tanh x sech^2 x where they leave the normal
 * range (|x| from 354 to 373, exp(-2|x|) subnormal), against 50-digit values, in ulps of the
 * double grid there (2^-1074 below the normal range): the rule table's form ({@link Dual},
 * {@link HyperDual}, and so every double-based type) and the generic one ({@link FieldDual} over
 * {@link Dual}, whose tangent's derivative is tanh''). With exp(-2|x|) rounded to a subnormal
 * first, 4e carried four times its error: 9296 of 20000 random points were more than 1 ulp off.
 */
class TanhSlopeTest {
    private static final DfpField F = new DfpField(50);
    private static final Dfp SUBNORMAL_ULPS = DfpMath.pow(F.newDfp(2), 1074);

    @Test
    void slopesBeyondTheNormalRangeAreWithinOneUlpAndTanhSecondWithinTwo() {
        SplittableRandom random = new SplittableRandom(20261206);
        List<String> bad = new ArrayList<>();
        int subnormal = 0;
        for (int i = 0; i < 3000; i++) {
            double x = (random.nextBoolean() ? 1 : -1) * (350 + 25 * random.nextDouble());
            Dfp xd = F.newDfp(x);
            Dfp ex = DfpMath.exp(xd);
            Dfp emx = DfpMath.exp(xd.negate());
            Dfp cosh = ex.add(emx).divide(2);
            Dfp sech2 = cosh.multiply(cosh).reciprocal();
            Dfp second = ex.subtract(emx).divide(ex.add(emx)).multiply(sech2).multiply(-2);
            if (sech2.lessThan(F.newDfp(Double.MIN_NORMAL))) {
                subnormal++;
            }
            check(bad, "Dual sech^2", x, Dual.variable(x).tanh().tangent(), sech2, 1);
            HyperDual h = HyperDual.variable(x).tanh();
            check(bad, "HyperDual sech^2", x, h.e1(), sech2, 1);
            // -2 t sech^2 with t = +-1 exactly: twice the slope's error, up to 2 ulps where it is in the
            // grid of the slope (below 2^-1021)
            check(bad, "HyperDual tanh''", x, h.e1e2(), second, 2);
            FieldDual<Dual> n = FieldDual.variable(Dual.variable(x)).tanh();
            check(bad, "FieldDual<Dual> sech^2", x, n.tangent().value(), sech2, 1);
            check(bad, "FieldDual<Dual> tanh''", x, n.tangent().tangent(), second, 2);
        }
        assertTrue(subnormal > 1500, "points with a subnormal slope: " + subnormal);
        assertTrue(bad.isEmpty(), bad.size() + " outside their tolerance:\n"
                + String.join("\n", bad.subList(0, Math.min(10, bad.size()))));
    }

    @Test
    void theSlopeIsNotZeroWhereOnlyExpOfMinusTwoXUnderflows() {
        // exp(-745) is 4.9e-324 (2^-1074), exp(-746) 0; sech^2 372.9 = 4 exp(-745.8) is 2.0e-324 after rounding, 1 ulp
        assertEquals(Double.MIN_VALUE, Dual.variable(372.9).tanh().tangent());
        assertEquals(0.0, Dual.variable(373.5).tanh().tangent());
        assertEquals(0.0, Dual.variable(Double.MAX_VALUE).tanh().tangent());
    }

    /** |got - exact| within tolerance ulps of the double grid at exact (2^-1074 below the normal range). */
    private static void check(List<String> bad, String what, double x, double got, Dfp exact, double tolerance) {
        double ulps;
        Dfp magnitude = exact.abs();
        if (magnitude.lessThan(F.newDfp(Double.MIN_NORMAL))) {
            ulps = F.newDfp(Math.scalb(got, 1074)).subtract(exact.multiply(SUBNORMAL_ULPS)).abs().toDouble();
        } else {
            double e = exact.toDouble();
            ulps = F.newDfp(got).subtract(exact).abs().divide(F.newDfp(Math.ulp(e))).toDouble();
        }
        if (!(ulps <= tolerance)) {
            bad.add(what + " at " + x + ": " + got + ", exact " + exact + " (" + ulps + " ulps)");
        }
    }
}
